import type { OrganisationKind, UnionLevel } from '../../organisations/entities/organisation.entity.js';
import type { Role } from '../../accounts/entities/user.entity.js';

// The demo world: federations, a bureau, enterprises across several prefectures and industries, their
// unions, an industry union and an employer association. Credit codes get their check characters
// computed at seeding (demo-seed.ts), so every one of them is valid.

export interface DemoOrganisation {
  key: string;
  kind: OrganisationKind;
  name: string;
  regionCode: string;
  /** First 8 characters of the 9-character organisation code (GB 11714) inside the credit code. */
  orgCodeStem?: string;
  /** First 2 characters of the credit code: registration authority and type (91 enterprise, 81 union). */
  creditPrefix?: string;
  industryCode?: string;
  employees?: number;
  unionised?: boolean;
  unionLevel?: UnionLevel;
  enterpriseKey?: string;
  parentKey?: string;
  legalRepresentative?: string;
  address?: string;
}

export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  { key: 'fed-sc', kind: 'union', unionLevel: 'federation', name: '四川省总工会', regionCode: '510000' },
  { key: 'fed-cd', kind: 'union', unionLevel: 'federation', name: '成都市总工会', regionCode: '510100', parentKey: 'fed-sc' },
  { key: 'fed-wh', kind: 'union', unionLevel: 'federation', name: '成都市武侯区总工会', regionCode: '510107', parentKey: 'fed-cd' },
  { key: 'fed-my', kind: 'union', unionLevel: 'federation', name: '绵阳市总工会', regionCode: '510700', parentKey: 'fed-sc' },
  { key: 'bureau-cd', kind: 'labour_bureau', name: '成都市人力资源和社会保障局', regionCode: '510100' },
  { key: 'bureau-sc', kind: 'labour_bureau', name: '四川省人力资源和社会保障厅', regionCode: '510000' },
  {
    key: 'ent-shujin', kind: 'enterprise', name: '成都蜀锦机械制造有限公司', regionCode: '510107', creditPrefix: '91', orgCodeStem: 'MA6C8K1X',
    industryCode: 'C', employees: 860, unionised: true, legalRepresentative: '王建国', address: '成都市武侯区武科西一路 8 号',
  },
  {
    key: 'ent-jinjiang', kind: 'enterprise', name: '成都锦江宾馆餐饮管理有限公司', regionCode: '510104', creditPrefix: '91', orgCodeStem: 'MA61R2QK',
    industryCode: 'H', employees: 240, unionised: true, legalRepresentative: '李秀英', address: '成都市锦江区红星路二段 80 号',
  },
  {
    key: 'ent-tianfu', kind: 'enterprise', name: '成都天府软件科技股份有限公司', regionCode: '510116', creditPrefix: '91', orgCodeStem: '20192838',
    industryCode: 'I', employees: 1320, unionised: true, legalRepresentative: '陈晓东', address: '成都市双流区天府大道南段 1888 号',
  },
  {
    key: 'ent-pidu', kind: 'enterprise', name: '成都郫都建工集团有限公司', regionCode: '510117', creditPrefix: '91', orgCodeStem: '7652483A',
    industryCode: 'E', employees: 510, unionised: false, legalRepresentative: '赵志强', address: '成都市郫都区望丛中路 66 号',
  },
  {
    key: 'ent-mianyang', kind: 'enterprise', name: '绵阳长虹精密电子有限公司', regionCode: '510700', creditPrefix: '91', orgCodeStem: '5900473K',
    industryCode: 'C', employees: 2100, unionised: true, legalRepresentative: '刘海涛', address: '绵阳市涪城区绵兴东路 35 号',
  },
  {
    key: 'ent-deyang', kind: 'enterprise', name: '德阳东汽重型装备有限公司', regionCode: '510600', creditPrefix: '91', orgCodeStem: '2051880M',
    industryCode: 'C', employees: 3400, unionised: true, legalRepresentative: '周志明', address: '德阳市旌阳区黄河西路 188 号',
  },
  {
    key: 'ent-leshan', kind: 'enterprise', name: '乐山峨眉山旅游服务有限公司', regionCode: '511100', creditPrefix: '91', orgCodeStem: '6210387B',
    industryCode: 'O', employees: 180, unionised: true, legalRepresentative: '孙丽', address: '乐山市峨眉山市名山南路 2 号',
  },
  { key: 'union-shujin', kind: 'union', unionLevel: 'enterprise', name: '成都蜀锦机械制造有限公司工会', regionCode: '510107', enterpriseKey: 'ent-shujin', parentKey: 'fed-wh', employees: 812 },
  { key: 'union-jinjiang', kind: 'union', unionLevel: 'enterprise', name: '成都锦江宾馆餐饮管理有限公司工会', regionCode: '510104', enterpriseKey: 'ent-jinjiang', parentKey: 'fed-cd', employees: 221 },
  { key: 'union-tianfu', kind: 'union', unionLevel: 'enterprise', name: '成都天府软件科技股份有限公司工会', regionCode: '510116', enterpriseKey: 'ent-tianfu', parentKey: 'fed-cd', employees: 1190 },
  { key: 'union-mianyang', kind: 'union', unionLevel: 'enterprise', name: '绵阳长虹精密电子有限公司工会', regionCode: '510700', enterpriseKey: 'ent-mianyang', parentKey: 'fed-my', employees: 1980 },
  { key: 'union-deyang', kind: 'union', unionLevel: 'enterprise', name: '德阳东汽重型装备有限公司工会', regionCode: '510600', enterpriseKey: 'ent-deyang', parentKey: 'fed-sc', employees: 3300 },
  { key: 'union-leshan', kind: 'union', unionLevel: 'enterprise', name: '乐山峨眉山旅游服务有限公司工会', regionCode: '511100', enterpriseKey: 'ent-leshan', parentKey: 'fed-sc', employees: 172 },
  { key: 'union-catering', kind: 'union', unionLevel: 'industry', name: '成都市餐饮行业工会联合会', regionCode: '510100', industryCode: 'H', parentKey: 'fed-cd' },
  { key: 'assoc-catering', kind: 'employer_association', name: '成都市餐饮同业公会', regionCode: '510100', industryCode: 'H' },
];

export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  organisationKey: string;
  regionCode: string;
}

export const DEMO_PASSWORD = 'demo12345';

export const DEMO_USERS: DemoUser[] = [
  { username: 'union.demo', displayName: '张红梅（蜀锦机械工会主席）', role: 'union', organisationKey: 'union-shujin', regionCode: '510107' },
  { username: 'employer.demo', displayName: '王建国（蜀锦机械法定代表人）', role: 'employer', organisationKey: 'ent-shujin', regionCode: '510107' },
  { username: 'instructor.demo', displayName: '刘志华（成都市集体协商指导员）', role: 'instructor', organisationKey: 'fed-cd', regionCode: '510100' },
  { username: 'bureau.demo', displayName: '陈静（成都市人社局劳动关系处）', role: 'bureau', organisationKey: 'bureau-cd', regionCode: '510100' },
  { username: 'federation.demo', displayName: '李明（成都市总工会基层工作部）', role: 'federation', organisationKey: 'fed-cd', regionCode: '510100' },
  { username: 'admin.demo', displayName: '系统管理员（四川省总工会）', role: 'admin', organisationKey: 'fed-sc', regionCode: '510000' },
];
