import CampaignIcon from '@mui/icons-material/Campaign';
import { CampaignDashboard } from './CampaignDashboard';
import { CampaignLaunch } from './CampaignLaunch';
import { CampaignList } from './CampaignList';

/** 年度报告专项: supervisors follow campaigns; administrators launch them. */
export default { list: CampaignList, show: CampaignDashboard, create: CampaignLaunch, icon: CampaignIcon };
