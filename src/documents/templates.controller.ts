import { Body, Controller, Get, HttpCode, Inject, Param, Post, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional } from 'class-validator';
import type { Response } from 'express';
import type { Actor } from '../common/auth/actor.js';
import { CurrentActor } from '../common/auth/decorators.js';
import { Forbidden } from '../common/errors/domain-error.js';
import { contentDisposition } from './documents.controller.js';
import { PDF_RENDERER } from './documents.tokens.js';
import type { PdfRenderer } from './renderer/pdf-renderer.js';
import { TemplateRegistry } from './templates/template-registry.js';

export class PreviewDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the template’s variables (see its schema)' })
  @IsObject()
  data: Record<string, unknown>;

  @ApiPropertyOptional({ enum: ['pdf', 'html'], default: 'pdf' })
  @IsOptional()
  @IsIn(['pdf', 'html'])
  format?: 'pdf' | 'html';
}

/** Template authors (the federation, administrators) preview a template with their data; anyone signed in reads the schemas. */
const AUTHORS = new Set(['federation', 'admin']);

@ApiTags('documents 文书')
@ApiBearerAuth()
@Controller('api/templates')
export class TemplatesController {
  constructor(
    @Inject(TemplateRegistry) private readonly templates: TemplateRegistry,
    @Inject(PDF_RENDERER) private readonly renderer: PdfRenderer,
  ) {}

  @Get()
  @ApiOperation({ summary: '文书模板 Every template with its version' })
  list() {
    return this.templates.list();
  }

  @Get(':templateId')
  @ApiOperation({ summary: '模板 One template: its schema (the variables it needs) and a sample' })
  get(@Param('templateId') id: string) {
    return this.templates.get(id);
  }

  @Post(':templateId/preview')
  @HttpCode(200)
  @ApiProduces('application/pdf', 'text/html')
  @ApiOperation({ summary: '预览 Render a template with the given data (422 listing every missing or invalid variable)' })
  async preview(@CurrentActor() actor: Actor, @Param('templateId') id: string, @Body() body: PreviewDto, @Res({ passthrough: true }) res: Response) {
    if (!AUTHORS.has(actor.role)) throw new Forbidden({ zh: `只有模板维护者（总工会、管理员）可以预览模板；角色 ${actor.role} 不能`, en: `only template authors (federation, admin) preview templates; role ${actor.role} may not` });
    const page = this.templates.render(id, body.data);
    if (body.format === 'html') {
      res.type('text/html; charset=utf-8').set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src 'none'");
      return page.html;
    }
    const result = await this.renderer.render({ html: page.html, title: page.title, author: actor.username, subject: page.subject, keywords: ['预览', `${id}@${page.template.version}`] });
    res.set({ 'Content-Type': 'application/pdf', 'Content-Disposition': contentDisposition(`${page.title}（预览）`) });
    return new StreamableFile(result.pdf);
  }
}
