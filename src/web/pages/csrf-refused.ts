import { Forbidden } from '../../common/errors/domain-error.js';

/** A form posted without its CSRF token, or with another's: refused before anything is done. */
export class CsrfRefused extends Forbidden {
  constructor() {
    super({ zh: '缺少或错误的防伪令牌（CSRF），未执行任何操作', en: 'Missing or wrong CSRF token; nothing was done' });
  }
}
