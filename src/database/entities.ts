import { User } from '../accounts/entities/user.entity.js';
import { Industry } from '../organisations/entities/industry.entity.js';
import { Organisation } from '../organisations/entities/organisation.entity.js';
import { Region } from '../organisations/entities/region.entity.js';
import { AppSetting } from './app-setting.entity.js';

export const ENTITIES = [AppSetting, Region, Industry, Organisation, User];
