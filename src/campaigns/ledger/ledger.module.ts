import { Module } from '@nestjs/common';

/** The campaign's ledger (台账): XLSX and CSV export. */
@Module({})
export class LedgerModule {}
