import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../common/auth/decorators.js';

class HealthView {
  @ApiProperty({ enum: ['ok', 'down'] }) status: string;
  @ApiProperty({ example: { status: 'up', driver: 'pglite', latencyMs: 0.4 } }) database: Record<string, unknown>;
}

@ApiTags('health 健康检查')
@Controller('health')
export class HealthController {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  @Public()
  @Get()
  @ApiOperation({ summary: '健康检查 Liveness and database reachability' })
  @ApiOkResponse({ type: HealthView })
  @ApiServiceUnavailableResponse({ type: HealthView })
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthView> {
    const driver = this.dataSource.options.driver ? 'pglite' : 'postgres';
    const started = process.hrtime.bigint();
    try {
      await this.dataSource.query('SELECT 1');
      const latencyMs = Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100;
      return { status: 'ok', database: { status: 'up', driver, latencyMs } };
    } catch {
      res.status(503);
      return { status: 'down', database: { status: 'down', driver } };
    }
  }
}
