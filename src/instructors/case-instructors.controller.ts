import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../common/auth/actor.js';
import { CurrentActor } from '../common/auth/decorators.js';
import { UuidParam } from '../common/validation/validation-pipe.js';
import { AssignmentsService } from './assignments.service.js';
import { AssignInstructorDto, CaseInstructorView, SuggestionView } from './dto/instructor.dto.js';

@ApiTags('instructors 集体协商指导员')
@ApiBearerAuth()
@Controller('api/cases')
export class CaseInstructorsController {
  constructor(@Inject(AssignmentsService) private readonly assignments: AssignmentsService) {}

  @Get(':caseId/instructors')
  @ApiParam({ name: 'caseId', format: 'uuid' })
  @ApiOperation({ summary: '案件指导员 Who guides the case (whoever may read the case)' })
  @ApiOkResponse({ type: [CaseInstructorView] })
  list(@CurrentActor() actor: Actor, @Param('caseId', UuidParam) caseId: string) {
    return this.assignments.list(actor, caseId);
  }

  @Put(':caseId/instructors/:instructorId')
  @ApiParam({ name: 'caseId', format: 'uuid' })
  @ApiParam({ name: 'instructorId', format: 'uuid' })
  @ApiOperation({ summary: '指派指导员 Assign an instructor (idempotent; in their appointment, serving the case’s region); replaces: reassign' })
  @ApiCreatedResponse({ type: CaseInstructorView, description: 'assigned now' })
  @ApiOkResponse({ type: CaseInstructorView, description: 'already assigned' })
  async assign(
    @CurrentActor() actor: Actor,
    @Param('caseId', UuidParam) caseId: string,
    @Param('instructorId', UuidParam) instructorId: string,
    @Body() dto: AssignInstructorDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseInstructorView> {
    const { created, view } = await this.assignments.assign(actor, caseId, instructorId, dto);
    res.status(created ? 201 : 200);
    return view;
  }

  @Delete(':caseId/instructors/:instructorId')
  @HttpCode(204)
  @ApiParam({ name: 'caseId', format: 'uuid' })
  @ApiParam({ name: 'instructorId', format: 'uuid' })
  @ApiOperation({ summary: '撤销指派 Unassign an instructor from the case' })
  @ApiNoContentResponse()
  async unassign(@CurrentActor() actor: Actor, @Param('caseId', UuidParam) caseId: string, @Param('instructorId', UuidParam) instructorId: string): Promise<void> {
    await this.assignments.unassign(actor, caseId, instructorId);
  }

  @Get(':caseId/instructor-suggestions')
  @ApiParam({ name: 'caseId', format: 'uuid' })
  @ApiOperation({ summary: '推荐指导员 Instructors who may guide the case: narrowest region first, then fewest open cases, then name' })
  @ApiOkResponse({ type: [SuggestionView] })
  suggestions(@CurrentActor() actor: Actor, @Param('caseId', UuidParam) caseId: string) {
    return this.assignments.suggestions(actor, caseId);
  }
}
