import { Module } from '@nestjs/common';
import { OUTBOX_EVENT_TYPES } from '../workflow-engine/case-facts.js';
import { DOCUMENT_EVENT_TYPES } from './document-events.js';

/** Tells the engine which events leave an outbox row for their documents; it depends on nothing of the engine's. */
@Module({
  providers: [{ provide: OUTBOX_EVENT_TYPES, useValue: DOCUMENT_EVENT_TYPES }],
  exports: [OUTBOX_EVENT_TYPES],
})
export class DocumentsOutboxModule {}
