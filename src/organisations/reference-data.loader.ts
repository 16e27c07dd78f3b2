import { readdirSync, readFileSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import { projectPath } from '../config/project-root.js';
import { Industry } from './entities/industry.entity.js';
import { Region } from './entities/region.entity.js';

const dir = projectPath('src', 'reference-data');
const read = <T>(file: string): T => JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as T;

interface ProvinceFile {
  province: { code: string; name: string };
  prefectures: { code: string; name: string }[];
}
interface CountiesFile {
  parent: string;
  counties: { code: string; name: string }[];
}

export function readRegions(): Region[] {
  const { province, prefectures } = read<ProvinceFile>('sichuan-regions.json');
  const rows: Region[] = [{ code: province.code, name: province.name, level: 'province', parentCode: null, path: `${province.code}/` }];
  const pathOf = new Map(rows.map((r) => [r.code, r.path]));
  for (const p of prefectures) {
    const row: Region = { code: p.code, name: p.name, level: 'prefecture', parentCode: province.code, path: `${province.code}/${p.code}/` };
    rows.push(row);
    pathOf.set(row.code, row.path);
  }
  for (const file of readdirSync(dir).filter((f) => f.endsWith('-counties.json')).sort()) {
    const { parent, counties } = read<CountiesFile>(file);
    const parentPath = pathOf.get(parent);
    if (!parentPath) throw new Error(`${file}: parent region ${parent} is not a known prefecture`);
    for (const c of counties) rows.push({ code: c.code, name: c.name, level: 'county', parentCode: parent, path: `${parentPath}${c.code}/` });
  }
  return rows;
}

export function readIndustries(): Industry[] {
  return read<{ sections: Industry[] }>('industries-gbt4754-2017.json').sections.map(({ code, name }) => ({ code, name }));
}

/** Upserts regions and industries from the data files; run at every start, so a data change lands on restart. */
export async function loadReferenceData(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (manager) => {
    await manager.upsert(Region, readRegions(), ['code']);
    await manager.upsert(Industry, readIndustries(), ['code']);
  });
}
