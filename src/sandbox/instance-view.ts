import type { SandboxInstance } from './instances.js';

const MASK = '********';

/** GET /instances/{id} as Cloud Elements answers it, secret configuration values masked. */
export function viewInstance(instance: SandboxInstance): Record<string, unknown> {
  const element = {
    id: 5354,
    name: 'SAP Cloud for Customer Helpdesk',
    key: 'sapc4chd',
    description: 'SAP Hybris Cloud for Customer Helpdesk',
    active: true,
    deleted: false,
    typeOauth: false,
    trialAccount: false,
    hub: 'helpdesk',
    authentication: { type: 'basic' },
    protocolType: 'odata',
    bulkDownloadEnabled: true,
    bulkUploadEnabled: true,
    extendable: true,
    beta: false,
    cloneable: true,
    private: false,
  };
  return {
    id: /^\d+$/.test(instance.id) ? Number(instance.id) : instance.id,
    name: `sapc4chd-${instance.id}`,
    createdDate: instance.createdDate,
    token: instance.token,
    element,
    elementId: element.id,
    tags: [],
    provisionInteractions: [],
    valid: true,
    disabled: instance.disabled,
    maxCacheSize: 0,
    cacheTimeToLive: 0,
    configuration: {
      subdomain: `my${instance.id.replace(/\W/g, '').slice(0, 6).padStart(6, '0')}.crm.ondemand.com`,
      username: 'integration.user@example.com',
      password: MASK,
      'event.notification.enabled': 'false',
      'event.vendor.type': 'polling',
      'event.notification.callback.url': null,
      'event.notification.signature.key': MASK,
      'pagination.max': '200',
    },
    eventsEnabled: false,
    traceLoggingEnabled: false,
    cachingEnabled: false,
    externalAuthentication: 'none',
    user: {
      id: 42001,
      emailAddress: 'integration.user@example.com',
      firstName: 'Integration',
      lastName: 'User',
    },
  };
}
