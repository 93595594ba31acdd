import { badRequest, providerRejection } from '../http-error.js';
import {
  LIFE_CYCLE_STATUS_CODES,
  PRIORITY_CODES,
  describeCode,
  type CodeListEntry,
} from '../store/code-lists.js';
import type { InstanceStore } from '../store/instance-store.js';
import type { LanguageText } from '../store/native-records.js';
import { commentSchema } from './comment-resource.js';
import { validateWrite, type JsonObject, type ScalarValues } from './write-validation.js';

/** C4C rejects codes that are not in the code list, and links to business keys that do not exist. */
export function checkIncidentValues(store: InstanceStore, values: ScalarValues): void {
  checkCode(values, 'ServicePriorityCode', PRIORITY_CODES);
  checkCode(values, 'ServiceRequestLifeCycleStatusCode', LIFE_CYCLE_STATUS_CODES);
  const account = values.CustomerID;
  if (typeof account === 'string' && !store.findAccountByNumber(account)) {
    throw providerRejection(
      `No account found with AccountID ${account}`,
      `Account ${account} does not exist (CustomerID)`,
    );
  }
  for (const field of ['ReportedForPartyID', 'ReporterPartyID']) {
    const contact = values[field];
    if (typeof contact === 'string' && !store.findContactByNumber(contact)) {
      throw providerRejection(
        `No contact found with ContactID ${contact} (${field})`,
        `Business partner ${contact} does not exist (${field})`,
      );
    }
  }
}

function checkCode(values: ScalarValues, field: string, list: readonly CodeListEntry[]): void {
  const code = values[field];
  if (typeof code === 'string' && describeCode(list, code) === null) {
    throw providerRejection(
      `Invalid value '${code}' for ${field}`,
      `Property ${field} has invalid value '${code}'`,
    );
  }
}

/** `Name` is a language-dependent text; a PATCH merges the given parts into the current one. */
export function mergeName(given: unknown, current: LanguageText | null): LanguageText {
  if (given === null || typeof given !== 'object' || Array.isArray(given)) {
    throw badRequest('Field \'Name\' needs an object like {"content": "…"}');
  }
  const merged: LanguageText = { content: '', languageCode: 'EN', ...current };
  for (const [key, value] of Object.entries(given as JsonObject)) {
    if (key !== 'content' && key !== 'languageCode') {
      throw badRequest(`Unknown field 'Name.${key}'`);
    }
    if (typeof value !== 'string') {
      throw badRequest(`Field 'Name.${key}' needs a string value`);
    }
    merged[key] = value;
  }
  if (merged.content.trim() === '') {
    throw badRequest("Field 'Name.content' is required and must not be empty");
  }
  return merged;
}

export function parseDescriptions(given: unknown): JsonObject[] {
  if (given === undefined) {
    return [];
  }
  if (
    !Array.isArray(given) ||
    given.some((item) => item === null || typeof item !== 'object' || Array.isArray(item))
  ) {
    throw badRequest(
      "Field 'ServiceRequestDescription' needs an array of {Text, TypeCode} objects",
    );
  }
  const descriptions = (given as JsonObject[]).map((item) => ({ TypeCode: '10004', ...item }));
  for (const description of descriptions) {
    validateWrite(description, commentSchema, 'create');
  }
  return descriptions;
}
