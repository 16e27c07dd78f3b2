import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Failed sign-ins counted per key (`user:<username>` or `addr:<client address>`) in a fixed window that starts
 * with the first failure. In the database, not in memory, so every instance of the service shares the limit.
 */
@Entity('login_failures')
@Check('ck_login_failures_count', 'failures >= 1')
export class LoginFailure {
  @PrimaryColumn({ type: 'text' })
  key: string;

  /** From the service clock (tests move it instead of sleeping). */
  @Column({ name: 'window_start', type: 'timestamptz' })
  windowStart: Date;

  @Column({ type: 'integer' })
  failures: number;
}
