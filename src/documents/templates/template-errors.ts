import { DomainError, NotFound, type FieldViolation } from '../../common/errors/domain-error.js';

/** The data given for a template does not match its schema: 422 listing every problem. */
export class TemplateDataInvalid extends DomainError {
  constructor(
    readonly templateId: string,
    readonly violations: FieldViolation[],
  ) {
    super(
      422,
      'template-data-invalid',
      { zh: '文书数据不符合模板要求', en: 'Template data invalid' },
      {
        zh: `模板 ${templateId}：${violations.map((v) => v.message_zh).join('；')}`,
        en: `template ${templateId}: ${violations.map((v) => v.message_en).join('; ')}`,
      },
      { template: templateId, errors: violations },
    );
  }
}

export class TemplateNotFound extends NotFound {
  constructor(id: string) {
    super({ zh: '文书模板', en: 'Document template' }, id);
  }
}
