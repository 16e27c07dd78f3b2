import {
  CreateEmployerAssociationDto,
  CreateEnterpriseDto,
  CreateLabourBureauDto,
  CreateUnionDto,
  UpdateEmployerAssociationDto,
  UpdateEnterpriseDto,
  UpdateUnionDto,
} from '../dto/organisation.dto.js';
import { organisationController } from './organisation-controller.factory.js';

export const EnterprisesController = organisationController({
  kind: 'enterprise',
  path: 'api/enterprises',
  tag: 'enterprises 企业',
  label: '企业 enterprise',
  createDto: CreateEnterpriseDto,
  updateDto: UpdateEnterpriseDto,
  writers: 'federation, admin',
});

export const UnionsController = organisationController({
  kind: 'union',
  path: 'api/unions',
  tag: 'unions 工会',
  label: '工会 union or federation',
  createDto: CreateUnionDto,
  updateDto: UpdateUnionDto,
  writers: 'federation, admin',
});

export const EmployerAssociationsController = organisationController({
  kind: 'employer_association',
  path: 'api/employer-associations',
  tag: 'employer associations 企业方协会',
  label: '企业方协会 employer association',
  createDto: CreateEmployerAssociationDto,
  updateDto: UpdateEmployerAssociationDto,
  writers: 'federation, admin',
});

export const LabourBureausController = organisationController({
  kind: 'labour_bureau',
  path: 'api/labour-bureaus',
  tag: 'labour bureaus 劳动行政部门',
  label: '劳动行政部门 labour bureau',
  createDto: CreateLabourBureauDto,
  writers: 'federation, admin',
});
