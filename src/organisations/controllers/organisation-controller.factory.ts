import { Body, Controller, Get, Inject, Param, Patch, Post, Query, type Type } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../common/auth/actor.js';
import { CurrentActor } from '../../common/auth/decorators.js';
import { PageOf } from '../../common/pagination/page.js';
import { ListOrganisationsQuery, OrganisationView } from '../dto/organisation.dto.js';
import { UuidParam, ValidateAs } from '../../common/validation/validation-pipe.js';
import type { OrganisationKind } from '../entities/organisation.entity.js';
import { OrganisationsService, type OrganisationInput } from '../organisations.service.js';

const OrganisationPage = PageOf(OrganisationView, 'OrganisationPage');
/** UuidParam refuses anything else with a 400; the document says so. */
const IdParam = () => ApiParam({ name: 'id', format: 'uuid' });

export interface OrganisationRoutes {
  kind: OrganisationKind;
  path: string;
  tag: string;
  /** Chinese and English name, e.g. '企业 enterprise'. */
  label: string;
  createDto: Type<unknown>;
  updateDto?: Type<unknown>;
  writers: string;
}

/**
 * The same four routes for each kind of organisation, each with its own DTOs (so validation and the
 * OpenAPI schema differ by kind) and one service underneath.
 */
export function organisationController(routes: OrganisationRoutes): Type<unknown> {
  const { kind, createDto: CreateDto, updateDto: UpdateDto } = routes;

  @ApiTags(routes.tag)
  @ApiBearerAuth()
  @Controller(routes.path)
  class OrganisationController {
    constructor(@Inject(OrganisationsService) readonly organisations: OrganisationsService) {}

    @Get()
    @ApiOperation({ summary: `${routes.label}: list in the caller’s jurisdiction` })
    @ApiOkResponse({ type: OrganisationPage })
    async list(@CurrentActor() actor: Actor, @Query() query: ListOrganisationsQuery) {
      const page = await this.organisations.list(actor, kind, query);
      return { ...page, items: page.items.map(OrganisationView.of) };
    }

    @Get(':id')
    @IdParam()
    @ApiOperation({ summary: `${routes.label}: one` })
    @ApiOkResponse({ type: OrganisationView })
    async get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
      return OrganisationView.of(await this.organisations.get(actor, kind, id));
    }

    @Post()
    @ApiOperation({ summary: `${routes.label}: register (${routes.writers})` })
    @ApiBody({ type: CreateDto })
    @ApiCreatedResponse({ type: OrganisationView })
    async create(@CurrentActor() actor: Actor, @Body(new ValidateAs(CreateDto)) body: OrganisationInput) {
      return OrganisationView.of(await this.organisations.create(actor, kind, body));
    }
  }

  if (UpdateDto) {
    class WithUpdate extends OrganisationController {
      @Patch(':id')
      @IdParam()
      @ApiOperation({ summary: `${routes.label}: update (${routes.writers}; its own members for their own)` })
      @ApiBody({ type: UpdateDto })
      @ApiOkResponse({ type: OrganisationView })
      async update(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body(new ValidateAs(UpdateDto!)) body: OrganisationInput) {
        return OrganisationView.of(await this.organisations.update(actor, kind, id, body));
      }
    }
    Object.defineProperty(WithUpdate, 'name', { value: `${pascal(kind)}Controller` });
    return WithUpdate;
  }
  Object.defineProperty(OrganisationController, 'name', { value: `${pascal(kind)}Controller` });
  return OrganisationController;
}

const pascal = (s: string) => s.replace(/(^|_)(\w)/g, (_, __, c: string) => c.toUpperCase());
