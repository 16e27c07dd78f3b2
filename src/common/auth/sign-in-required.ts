import { Unauthenticated } from '../errors/domain-error.js';

/** A page asked for without a valid session cookie: the pages' filter answers with a redirect to /login. */
export class SignInRequired extends Unauthenticated {
  constructor() {
    super({ zh: '请先登录', en: 'Please sign in' });
  }
}
