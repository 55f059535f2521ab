import { defaultTheme, type RaThemeOptions } from 'react-admin';

/** Below `md`: the phone layout (admin/src/layout/responsive.tsx). */
const PHONE = '@media (max-width:899.95px)';

/**
 * react-admin's theme with the page held to the window's width. The layout's root is `min-width: fit-content`
 * by default, so one wide table (or a dashboard section) widened the whole page and the window scrolled
 * sideways; here the page is the window's width at every size and a wide table scrolls inside its own box.
 */
export const theme: RaThemeOptions = {
  ...defaultTheme,
  components: {
    ...defaultTheme.components,
    RaLayout: {
      styleOverrides: {
        root: { minWidth: 0, '& .RaLayout-content': { minWidth: 0 }, '& .RaLayout-contentWithSidebar': { minWidth: 0 } },
      },
    },
    RaDatagrid: { styleOverrides: { root: { [PHONE]: { '& .RaDatagrid-tableWrapper': { overflowX: 'auto' } } } } },
    RaList: { styleOverrides: { root: { [PHONE]: { '& .RaList-main': { minWidth: 0 } } } } },
    RaShow: { styleOverrides: { root: { [PHONE]: { '& .RaShow-main': { minWidth: 0 }, '& .RaShow-card': { minWidth: 0, overflowWrap: 'anywhere' } } } } },
    // On a phone a notice (已认领, 已退回) shows above the fixed action bar, not over it: at the bottom it took the
    // taps meant for 更多 and 办理完成 for the seconds it stayed.
    MuiSnackbar: { styleOverrides: { anchorOriginBottomCenter: { [PHONE]: { bottom: 'calc(80px + env(safe-area-inset-bottom))' } } } },
  },
};
