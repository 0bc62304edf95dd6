export { pasteSource } from './paste.source';
export { pastedInput, readPasted, MAX_PASTE_BYTES } from './paste-input';
export type { PasteConfig } from './paste.config';
