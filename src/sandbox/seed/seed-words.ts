export const COMPANY_WORDS = [
  'Nordwind',
  'Alpine',
  'Bluebay',
  'Cedar',
  'Delta',
  'Evergreen',
  'Falcon',
  'Granite',
  'Harbor',
  'Ironwood',
  'Juniper',
  'Keystone',
  'Lakeside',
  'Meridian',
  'Northstar',
  'Oakridge',
  'Pinnacle',
  'Quarry',
  'Riverside',
  'Summit',
  'Tidewater',
  'Unity',
  'Vertex',
  'Westfield',
] as const;

export const COMPANY_KINDS = [
  'Logistics GmbH',
  'Retail AG',
  'Manufacturing Inc.',
  'Pharma Ltd.',
  'Energy SE',
  'Foods Co.',
  'Robotics GmbH',
  'Textiles S.A.',
  'Media Group',
  'Systems Ltd.',
] as const;

export const FIRST_NAMES = [
  'Anna',
  'Ben',
  'Chloé',
  'David',
  'Elif',
  'Finn',
  'Greta',
  'Hiro',
  'Ines',
  'Jonas',
  'Karin',
  'Luis',
  'Maja',
  'Nils',
  'Olga',
  'Paul',
  'Queenie',
  'Rafael',
  'Sofia',
  'Tomás',
  'Ute',
  'Vera',
  'Wei',
  'Xavier',
  'Yara',
  'Zoë',
] as const;

export const LAST_NAMES = [
  'Müller',
  'Schmidt',
  "O'Brien",
  'Kowalski',
  'Nakamura',
  'García',
  'Rossi',
  'Dubois',
  'Jensen',
  'Novák',
  'Ivanova',
  'Smith',
  'Öztürk',
  'Silva',
  'Andersson',
  'Weber',
  'Fischer',
  'Lund',
] as const;

export const AGENT_NAMES = [
  'Sarah Service',
  'Peter Support',
  'Mia Agent',
  'Tom Dispatcher',
  'Lena Expert',
] as const;

export const ISSUE_SUBJECTS = [
  'Printer does not print',
  'Cannot log in to the portal',
  'Invoice shows wrong amount',
  'Delivery arrived damaged',
  'Request for a quote',
  'Password reset not working',
  'Order stuck in processing',
  'Error 500 when saving',
  'Need a copy of the contract',
  'Spare part missing',
  "Customer's VPN drops every hour",
  'Rückruf erbeten: Lieferung fehlt',
  'Export to CSV is empty',
  'Wrong VAT rate (19% instead of 7%)',
  'Machine makes a loud noise',
] as const;

export const DESCRIPTION_TEXTS = [
  'The issue started this morning and affects the whole team.',
  'Steps to reproduce: open the app, click "Save", see the error.',
  'Customer called twice; please prioritise. Ticket ref in the e-mail below.',
  'Happens only for orders over 1.000 € — screenshots attached.',
  'Bitte um schnelle Rückmeldung, die Produktion steht.',
] as const;

export const REPLY_TEXTS = [
  'Thanks for reaching out, we are looking into it.',
  'Could you send us the serial number of the device?',
  'We shipped a replacement part today.',
  'The fix is deployed, please check again.',
] as const;

export const CUSTOMER_REPLY_TEXTS = [
  'Serial number is SN-4711-0815.',
  'Still not working, see attached log.',
  'Works now, thank you!',
] as const;

export const INTERNAL_NOTES = [
  'Escalated to 2nd level.',
  'Known issue, see KB-1234.',
  'Waiting for the vendor to confirm.',
] as const;
