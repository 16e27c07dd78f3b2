import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { LoginThrottle } from '../common/security/login-throttle.js';
import { AuditController } from './audit.controller.js';
import { AuditInterceptor } from './audit.interceptor.js';
import { AuditLog } from './audit-log.js';

/** The audit log (its reader and the interceptor that writes the administrative acts) and the sign-in limit. */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditLog, LoginThrottle, { provide: APP_INTERCEPTOR, useClass: AuditInterceptor }],
  exports: [AuditLog, LoginThrottle],
})
export class AuditModule {}
