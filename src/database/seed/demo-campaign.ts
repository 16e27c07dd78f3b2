import type { DataSource } from 'typeorm';
import { CampaignEnterprise } from '../../campaigns/entities/campaign-enterprise.entity.js';
import { CampaignTarget } from '../../campaigns/entities/campaign-target.entity.js';
import { Campaign } from '../../campaigns/entities/campaign.entity.js';
import { Organisation } from '../../organisations/entities/organisation.entity.js';
import { demoId } from './demo-seed.js';
import { addDays } from './procedure-samples.js';

/**
 * The demo's campaign: the province's concentrated offer action running around today, every demo enterprise on
 * its roster, targets for the province and two prefectures. The demo cases are started in it.
 */
export async function seedDemoCampaign(dataSource: DataSource, today: string): Promise<string> {
  const id = demoId('campaign-demo');
  if (await dataSource.getRepository(Campaign).existsBy({ id })) return id;
  const year = today.slice(0, 4);
  await dataSource.transaction(async (m) => {
    await m.insert(Campaign, {
      id,
      name: `${year}年四川省集体协商“集中要约”行动`,
      startsOn: addDays(today, -120),
      endsOn: addDays(today, 30),
      regionCode: '510000',
      kinds: ['comprehensive', 'wage', 'women_workers', 'safety_health', 'industry', 'regional'],
      organisationId: demoId('fed-sc'),
      createdBy: demoId('user:admin.demo'),
    });
    const target = (regionCode: string, offer: number, signing: number, establishment: number, employees: number) => ({
      campaignId: id, regionCode, offerRate: String(offer), responseRate: '100', signingRate: String(signing), filingRate: '100', establishmentRate: String(establishment), employeesCovered: employees,
    });
    await m.insert(CampaignTarget, [target('510000', 90, 80, 85, 8000), target('510100', 95, 85, 90, 3000), target('510700', 90, 80, 85, 2000)]);
    const enterprises = await m.getRepository(Organisation).findBy({ kind: 'enterprise' });
    await m.insert(CampaignEnterprise, enterprises.map((e) => ({ campaignId: id, enterpriseId: e.id, importId: null })));
  });
  return id;
}
