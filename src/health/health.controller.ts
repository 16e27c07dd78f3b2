import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../common/auth/decorators.js';
import { Clock } from '../common/clock.js';
import { DeadlineCalendar } from '../workflow-engine/calendar/deadline-calendar.js';

class HealthView {
  @ApiProperty({ enum: ['ok', 'degraded', 'down'], description: 'degraded: working, but the holiday calendar lacks this year or the next' }) status: string;
  @ApiProperty({ example: { status: 'up', driver: 'pglite', latencyMs: 0.4 } }) database: Record<string, unknown>;
  @ApiProperty({ example: { status: 'ok', coveredYears: [2018, 2025, 2026], missingYears: [] } }) calendar: Record<string, unknown>;
}

@ApiTags('health 健康检查')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(DeadlineCalendar) private readonly calendar: DeadlineCalendar,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: '健康检查 Database reachability and holiday-calendar coverage' })
  @ApiOkResponse({ type: HealthView })
  @ApiServiceUnavailableResponse({ type: HealthView })
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthView> {
    const driver = this.dataSource.options.driver ? 'pglite' : 'postgres';
    const coverage = this.calendar.coverage(DeadlineCalendar.chinaDate(this.clock.now()));
    const calendar = {
      ...coverage,
      ...(coverage.status === 'degraded'
        ? {
            message_zh: `节假日安排缺少 ${coverage.missingYears.join('、')} 年：期限按周末计算，请在 src/reference-data 补充数据`,
            message_en: `the holiday calendar lacks ${coverage.missingYears.join(', ')}: deadlines count weekends only; add the year to src/reference-data`,
          }
        : {}),
    };
    const started = process.hrtime.bigint();
    try {
      await this.dataSource.query('SELECT 1');
      const latencyMs = Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100;
      return { status: coverage.status === 'ok' ? 'ok' : 'degraded', database: { status: 'up', driver, latencyMs }, calendar };
    } catch {
      res.status(503);
      return { status: 'down', database: { status: 'down', driver }, calendar };
    }
  }
}
