export { ferryContactsSource } from './ferry-contacts.source';
