/** Bilingual labels of the indicators, as the report and email print them. */
export const INDICATOR_LABELS: Record<string, { zh: string; en: string; money?: boolean; ratio?: boolean }> = {
  high_tech_enterprises: { zh: '高新技术企业数', en: 'High-tech enterprises' },
  scitech_smes: { zh: '科技型中小企业数', en: 'Sci-tech SMEs' },
  scitech_smes_3y: { zh: '近三年科技型中小企业数', en: 'Sci-tech SMEs (3 years)' },
  incubators: { zh: '孵化器数', en: 'Incubators' },
  incubating_companies: { zh: '在孵企业数', en: 'Companies incubating' },
  cumulative_incubated: { zh: '累计孵化企业数', en: 'Companies incubated (cumulative)' },
  graduated_companies: { zh: '当年毕业企业数', en: 'Companies graduated' },
  rd_staff: { zh: '研发人员数', en: 'R&D staff' },
  rd_expenditure: { zh: '研发经费（元）', en: 'R&D expenditure (yuan)', money: true },
  revenue: { zh: '营业收入（元）', en: 'Revenue (yuan)', money: true },
  rd_intensity: { zh: '研发投入强度', en: 'R&D intensity', ratio: true },
  invention_patents: { zh: '发明专利授权数', en: 'Invention patents granted' },
  tech_projects: { zh: '科技项目数', en: 'Tech projects' },
  tech_project_funding: { zh: '科技项目资助金额（元）', en: 'Tech project funding (yuan)', money: true },
};

export const HEADLINE_INDICATORS = [
  'high_tech_enterprises',
  'scitech_smes',
  'scitech_smes_3y',
  'incubators',
  'incubating_companies',
  'cumulative_incubated',
  'rd_staff',
  'rd_expenditure',
  'rd_intensity',
  'tech_projects',
  'tech_project_funding',
] as const;

export const LEVEL_LABELS: Record<string, string> = {
  national: '国家级 National',
  provincial: '省级 Provincial',
  municipal: '市级 Municipal',
  district: '区级 District',
};
