/** The Cloud Elements `Authorization` header; the Element part is left out for platform calls. */
export function ceAuthorization(
  secrets: { userSecret: string; orgSecret: string },
  elementToken?: string,
): string {
  const platform = `User ${secrets.userSecret}, Organization ${secrets.orgSecret}`;
  return elementToken ? `${platform}, Element ${elementToken}` : platform;
}
