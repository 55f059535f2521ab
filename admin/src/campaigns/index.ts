import CampaignIcon from '@mui/icons-material/Campaign';
import { lazyScreen } from '../lazyScreen';

/** 年度报告专项: supervisors follow campaigns; administrators launch them. Loaded on first use (the charts are large). */
export default {
  list: lazyScreen(() => import('./CampaignList'), 'CampaignList'),
  show: lazyScreen(() => import('./CampaignDashboard'), 'CampaignDashboard'),
  create: lazyScreen(() => import('./CampaignLaunch'), 'CampaignLaunch'),
  icon: CampaignIcon,
};
