import { Module } from '@nestjs/common';

/** Roster import (XLSX/CSV) into a campaign: report per row, all-or-nothing or skip bad rows, upsert by credit code. */
@Module({})
export class RosterModule {}
