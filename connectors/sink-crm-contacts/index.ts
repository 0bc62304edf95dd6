export { crmContactsSink } from './crm-contacts.sink';
export { CrmContactsConfig } from './crm-contacts.config';
