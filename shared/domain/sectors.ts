/** Sector codes of data contract section 5, with their Chinese labels. */
export const SECTORS = {
  it_innovation: '信息技术应用创新',
  intelligent_manufacturing: '智能装备制造',
  digital_industry: '数字产业',
  modern_logistics: '现代物流',
  bio_materials: '生物基材料',
  medicine_health: '现代医药和大健康',
  new_materials: '新材料',
  advanced_equipment: '先进装备制造',
  artificial_intelligence: '人工智能',
  big_data: '大数据',
  new_technology: '新技术',
  other: '其他',
} as const;

export type SectorCode = keyof typeof SECTORS;
export const SECTOR_CODES = Object.keys(SECTORS) as SectorCode[];

export const SECTOR_ENGLISH: Record<SectorCode, string> = {
  it_innovation: 'IT application innovation',
  intelligent_manufacturing: 'Intelligent equipment manufacturing',
  digital_industry: 'Digital industry',
  modern_logistics: 'Modern logistics',
  bio_materials: 'Bio-based materials',
  medicine_health: 'Modern medicine & health',
  new_materials: 'New materials',
  advanced_equipment: 'Advanced equipment manufacturing',
  artificial_intelligence: 'Artificial intelligence',
  big_data: 'Big data',
  new_technology: 'New technology',
  other: 'Other',
};
