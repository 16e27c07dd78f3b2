import { Module } from '@nestjs/common';
import { EmployerAssociationsController, EnterprisesController, LabourBureausController, UnionsController } from './controllers/organisation-controllers.js';
import { ReferenceController } from './controllers/reference.controller.js';
import { OrganisationsService } from './organisations.service.js';

@Module({
  controllers: [ReferenceController, EnterprisesController, UnionsController, EmployerAssociationsController, LabourBureausController],
  providers: [OrganisationsService],
  exports: [OrganisationsService],
})
export class OrganisationsModule {}
