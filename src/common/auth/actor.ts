import type { Role } from '../../accounts/entities/user.entity.js';

/** Who is calling: taken from a verified token, never from the request body. */
export interface Actor {
  userId: string;
  username: string;
  role: Role;
  organisationId: string;
  /** Root of the jurisdiction: this region and its subtree. */
  regionCode: string;
}
