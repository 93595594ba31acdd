/** Cloud Elements answers a bad `where` with 400 and a message starting "Error parsing query". */
export class CeqlError extends Error {
  constructor(readonly detail: string) {
    super(`Error parsing query: ${detail}`);
    this.name = 'CeqlError';
  }
}
