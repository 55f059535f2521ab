import LanguageIcon from '@mui/icons-material/Language';
import ListAltIcon from '@mui/icons-material/ListAlt';
import { lazyScreen } from '../lazyScreen';

/** 网站清单 with import (the create slot is the import page) and 《整合计划表》. */
export const websites = {
  list: lazyScreen(() => import('./WebsiteList'), 'WebsiteList'),
  create: lazyScreen(() => import('./WebsiteImport'), 'WebsiteImport'),
  icon: LanguageIcon,
};
export const plans = { list: lazyScreen(() => import('./PlanList'), 'PlanList'), icon: ListAltIcon };
