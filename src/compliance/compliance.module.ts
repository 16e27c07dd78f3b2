import { Module } from '@nestjs/common';
import { CASE_FACTS } from '../workflow-engine/case-facts.js';
import { ComplianceFacts } from './compliance-facts.js';
import { ComplianceService } from './compliance.service.js';

/** The checker and the facts it gives the engine's guards; its controller is served by the bargaining module. */
@Module({
  providers: [ComplianceService, { provide: CASE_FACTS, useClass: ComplianceFacts }],
  exports: [ComplianceService, CASE_FACTS],
})
export class ComplianceModule {}
