export interface CodeListEntry {
  Code: string;
  Description: string;
}

export const LIFE_CYCLE_STATUS_CODES: readonly CodeListEntry[] = [
  { Code: '1', Description: 'Open' },
  { Code: '2', Description: 'In Process' },
  { Code: '3', Description: 'Completed' },
  { Code: '4', Description: 'Closed' },
  { Code: 'Z1', Description: 'Waiting for SAP' },
];

export const PRIORITY_CODES: readonly CodeListEntry[] = [
  { Code: '1', Description: 'Immediate' },
  { Code: '2', Description: 'Urgent' },
  { Code: '3', Description: 'Normal' },
  { Code: '7', Description: 'Low' },
];

export const COMMENT_TYPE_CODES: readonly CodeListEntry[] = [
  { Code: '10004', Description: 'Description' },
  { Code: '10007', Description: 'Reply to Customer' },
  { Code: '10008', Description: 'Reply from Customer' },
  { Code: '10011', Description: 'Internal Comment' },
  { Code: 'Z900', Description: 'Partner Note' },
];

export function describeCode(list: readonly CodeListEntry[], code: string | null): string | null {
  return list.find((entry) => entry.Code === code)?.Description ?? null;
}
