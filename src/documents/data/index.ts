export { contractTemplateOf } from './contract-data.js';
export { DocumentSourceIncomplete, type DocumentSource, type DocumentSpec } from './document-source.js';
export { DOCUMENT_EVENTS, documentsFor } from './documents-for.js';
export { TEMPLATE_FOR_KIND, TEMPLATE_TITLES_ZH } from './source-facts.js';
