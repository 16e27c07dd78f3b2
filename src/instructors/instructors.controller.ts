import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/auth/actor.js';
import { CurrentActor } from '../common/auth/decorators.js';
import { UuidParam } from '../common/validation/validation-pipe.js';
import { AssessmentQuery, AssessmentView, CreateInstructorDto, InstructorPageView, InstructorView, ListInstructorsQuery, UpdateInstructorDto, WorkloadView } from './dto/instructor.dto.js';
import { InstructorFiguresService } from './instructor-figures.service.js';
import { InstructorsService } from './instructors.service.js';

@ApiTags('instructors 集体协商指导员')
@ApiBearerAuth()
@Controller('api/instructors')
export class InstructorsController {
  constructor(
    @Inject(InstructorsService) private readonly instructors: InstructorsService,
    @Inject(InstructorFiguresService) private readonly figures: InstructorFiguresService,
  ) {}

  @Get()
  @ApiOperation({ summary: '指导员名册 Instructors of your jurisdiction (filters: region, active, q); an instructor sees their own record' })
  @ApiOkResponse({ type: InstructorPageView })
  list(@CurrentActor() actor: Actor, @Query() query: ListInstructorsQuery) {
    return this.instructors.list(actor, query);
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: '聘任指导员 Register an instructor: appointing federation, region served, qualifications, appointment (federations)' })
  @ApiCreatedResponse({ type: InstructorView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateInstructorDto) {
    return this.instructors.create(actor, dto);
  }

  // Before ':id', which would take "assessment" for an id.
  @Get('assessment')
  @ApiOperation({ summary: '年度考核 Each instructor’s year: cases guided, signed, filed, overdue, and the load now' })
  @ApiOkResponse({ type: AssessmentView })
  assessment(@CurrentActor() actor: Actor, @Query() query: AssessmentQuery) {
    return this.figures.assessment(actor, query);
  }

  @Get(':id')
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: '指导员 One instructor: federation, region served, qualifications, appointment, open cases now' })
  @ApiOkResponse({ type: InstructorView })
  view(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.instructors.view(actor, id);
  }

  @Patch(':id')
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: '修改指导员 Qualifications, appointment end, account; active: false ends the appointment (解聘)' })
  @ApiOkResponse({ type: InstructorView })
  update(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() dto: UpdateInstructorDto) {
    return this.instructors.update(actor, id, dto);
  }

  @Get(':id/workload')
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: '工作量 The open cases assigned to the instructor, by state, overdue ones first' })
  @ApiOkResponse({ type: WorkloadView })
  workload(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.figures.workload(actor, id);
  }
}
