export interface PageInfo {
  limit: number;
  nextCursor: string | null;
}

export interface Page<T> {
  data: T[];
  page: PageInfo;
}
