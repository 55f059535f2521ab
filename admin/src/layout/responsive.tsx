/**
 * The console on a phone: the shared pieces every screen uses below the `md` breakpoint (cards instead of
 * tables, filters in a drawer, thumb-sized paging, actions in a bottom bar, dialogs that fill the screen).
 * Desktop screens render as before; each screen asks `usePhone()` and picks its phone form.
 */
import { Children, cloneElement, createContext, isValidElement, useContext, useEffect, useRef, useState, type ReactElement, type ReactNode } from 'react';
import {
  Badge, Box, Button as MuiButton, Dialog, Drawer, Paper, Typography, useMediaQuery, type ButtonProps, type DialogProps, type Theme,
} from '@mui/material';
import ChevronLeftIcon from '@mui/icons-material/ChevronLeft';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import FilterListIcon from '@mui/icons-material/FilterList';
import MoreHorizIcon from '@mui/icons-material/MoreHoriz';
import { FilterForm, Pagination, useListContext, useTranslate } from 'react-admin';

/** The console's form for a width: the phone forms below `md` (900 px), full-screen dialogs below `sm` (600 px). */
export type ConsoleForm = 'desktop' | 'phone' | 'narrow';

/**
 * The form for the window's width, changed only once a new width has held for a moment. A screen that switches
 * form remounts (a half-filled report would lose what is not saved), so a passing resize must not switch it:
 * the browser's full-page capture resizes the page for an instant, and so may an on-screen keyboard.
 */
function useSettledForm(settleMs = 250): ConsoleForm {
  const phone = useMediaQuery((theme: Theme) => theme.breakpoints.down('md'), { noSsr: true });
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'), { noSsr: true });
  const now: ConsoleForm = narrow ? 'narrow' : phone ? 'phone' : 'desktop';
  const [settled, setSettled] = useState(now);
  useEffect(() => {
    if (now === settled) return undefined;
    const timer = setTimeout(() => setSettled(now), settleMs);
    return () => clearTimeout(timer);
  }, [now, settled, settleMs]);
  return settled;
}

const ConsoleFormContext = createContext<ConsoleForm | null>(null);

/**
 * Decides the form once for the whole console (the layout wraps every screen in it), so every screen and
 * dialog switches in the same render, and says which form is drawn on `<html data-console-form>` once it is:
 * the browser tests wait for that after a resize instead of guessing how long the switch takes.
 */
export const ConsoleFormProvider = ({ children }: { children: ReactNode }) => {
  const form = useSettledForm();
  useEffect(() => {
    document.documentElement.dataset.consoleForm = form;
    return () => { delete document.documentElement.dataset.consoleForm; };
  }, [form]);
  return <ConsoleFormContext.Provider value={form}>{children}</ConsoleFormContext.Provider>;
};

/** The console's form: the layout's, or (outside it, e.g. the sign-in page) this component's own. */
const useConsoleForm = (): ConsoleForm => {
  const shared = useContext(ConsoleFormContext);
  const own = useSettledForm();
  return shared ?? own;
};

/** Below `md` (900 px): phones and small tablets get the card and bottom-bar forms. */
export const usePhone = () => useConsoleForm() !== 'desktop';
/** Below `sm` (600 px): dialogs fill the screen, so their fields stay above the on-screen keyboard. */
export const useNarrow = () => useConsoleForm() === 'narrow';

/**
 * A button that keeps its label at every width. react-admin's `Button` shows only its icon below `sm`,
 * which left the task actions and the dialogs' 确认 as bare (or, without an icon, empty) buttons on a phone.
 */
export const LabeledButton = ({ label, icon, ...rest }: Omit<ButtonProps, 'children'> & { label: string; icon?: ReactNode }) => {
  const translate = useTranslate();
  return <MuiButton size="small" color="primary" startIcon={icon} {...rest}>{translate(label, { _: label })}</MuiButton>;
};

/** A dialog that fills a phone's screen (its actions stay in reach above the keyboard) and is `sm` wide elsewhere. */
export const ResponsiveDialog = ({ fullScreen, ...props }: DialogProps) => {
  const narrow = useNarrow();
  return <Dialog fullWidth maxWidth="sm" {...props} fullScreen={fullScreen || narrow} />;
};

/**
 * The list's filters in a bottom drawer, every filter shown (on a phone the toolbar has no room for a
 * form); the button counts the filters in force.
 */
export const FilterDrawerButton = ({ filters }: { filters: ReactElement[] }) => {
  const translate = useTranslate();
  const { filterValues } = useListContext();
  const [open, setOpen] = useState(false);
  const active = Object.values(filterValues ?? {}).filter((v) => v !== undefined && v !== '' && v !== false).length;
  return (
    <>
      <LabeledButton label="govflow.phone.filters" onClick={() => setOpen(true)}
        icon={<Badge badgeContent={active} color="primary"><FilterListIcon /></Badge>} />
      <Drawer anchor="bottom" open={open} onClose={() => setOpen(false)}>
        <Box role="dialog" aria-label={translate('govflow.phone.filters')} sx={{
          p: 2, pb: 3,
          '& form': { flexDirection: 'column', alignItems: 'stretch', flexWrap: 'nowrap' },
          '& form > *, & .MuiFormControl-root': { width: '100%', mx: 0 },
        }}>
          <Typography variant="h6">{translate('govflow.phone.filters')}</Typography>
          <FilterForm filters={filters.map((f) => cloneElement(f, { alwaysOn: true, key: f.key ?? (f.props as { source: string }).source } as never))} />
          <MuiButton fullWidth variant="contained" size="large" sx={{ mt: 2 }} onClick={() => setOpen(false)}>{translate('govflow.phone.filters_done')}</MuiButton>
        </Box>
      </Drawer>
    </>
  );
};

/** Paging for a thumb: two large buttons and where the page is; back to the top after a turn. */
export const ThumbPagination = () => {
  const translate = useTranslate();
  const { page, perPage, total, setPage, isPending } = useListContext();
  if (isPending || !total) return null;
  const pages = Math.max(1, Math.ceil(total / perPage));
  const go = (p: number) => { setPage(p); window.scrollTo({ top: 0 }); };
  return (
    <Box component="nav" aria-label={translate('govflow.phone.paging')} sx={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 1, p: 1 }}>
      <MuiButton variant="outlined" size="large" startIcon={<ChevronLeftIcon />} disabled={page <= 1} onClick={() => go(page - 1)} sx={{ whiteSpace: 'nowrap', flexShrink: 0 }}>{translate('govflow.phone.previous')}</MuiButton>
      <Typography variant="body2" color="text.secondary" sx={{ textAlign: 'center', flex: 1 }}>{translate('govflow.phone.page_of', { page, pages, total })}</Typography>
      <MuiButton variant="outlined" size="large" endIcon={<ChevronRightIcon />} disabled={page >= pages} onClick={() => go(page + 1)} sx={{ whiteSpace: 'nowrap', flexShrink: 0 }}>{translate('govflow.phone.next')}</MuiButton>
    </Box>
  );
};

/** react-admin's pagination on a desktop, the thumb form on a phone. */
export const ResponsivePagination = () => (usePhone() ? <ThumbPagination /> : <Pagination />);

/** Whether a box holds any element: the action buttons hide themselves where they do not apply. */
function useHasElements(ref: React.RefObject<HTMLElement | null>): boolean {
  const [has, setHas] = useState(false);
  useEffect(() => {
    const node = ref.current;
    if (!node) return undefined;
    const check = () => setHas(node.childElementCount > 0);
    check();
    const observer = new MutationObserver(check);
    observer.observe(node, { childList: true });
    return () => observer.disconnect();
  });
  return has;
}

/**
 * A task's actions on a phone: the main ones in a bar fixed to the bottom of the screen, the others in a
 * 更多 sheet. Both keep their buttons mounted, so a dialog opened from the sheet stays open when the sheet
 * closes; a bar with no button that applies is not drawn. Put `<PhoneActionBarSpacer />` at the end of the
 * page so the bar never hides its last lines.
 */
export const PhoneActionBar = ({ children, more }: { children: ReactNode; more?: ReactNode }) => {
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  const mainRef = useRef<HTMLDivElement>(null);
  const moreRef = useRef<HTMLDivElement>(null);
  const hasMain = useHasElements(mainRef);
  const hasMore = useHasElements(moreRef);
  return (
    <>
      <Paper elevation={8} square role="toolbar" aria-label={translate('govflow.phone.actions')} sx={{
        position: 'fixed', left: 0, right: 0, bottom: 0, zIndex: (theme) => theme.zIndex.appBar, px: 1, pt: 1,
        pb: 'calc(8px + env(safe-area-inset-bottom))', display: hasMain || hasMore ? 'flex' : 'none', flexWrap: 'wrap', gap: 1, alignItems: 'center',
      }}>
        {hasMore && <LabeledButton label="govflow.phone.more" icon={<MoreHorizIcon />} onClick={() => setOpen(true)} />}
        <Box ref={mainRef} sx={{ flex: 1, display: 'flex', flexWrap: 'wrap', justifyContent: 'flex-end', gap: 1, '& .MuiButton-root': { minHeight: 40 } }}>
          {children}
        </Box>
      </Paper>
      <Drawer anchor="bottom" open={open} onClose={() => setOpen(false)} keepMounted>
        <Box ref={moreRef} role="menu" aria-label={translate('govflow.phone.more')} onClick={() => setOpen(false)} sx={{
          display: 'flex', flexDirection: 'column', alignItems: 'stretch', p: 1, pb: 2,
          '& > *, & .MuiButton-root': { width: '100%' }, '& .MuiButton-root': { justifyContent: 'flex-start', py: 1.5, fontSize: '1rem' },
        }}>
          {Children.toArray(more).filter(isValidElement)}
        </Box>
      </Drawer>
    </>
  );
};

/**
 * A list's bulk actions on a phone (批量审批): once a card is selected, a bar fixed to the bottom of the screen
 * says how many are selected and holds the actions and 取消选择, with room kept for it at the end of the list.
 */
export const PhoneBulkBar = ({ children }: { children: ReactNode }) => {
  const translate = useTranslate();
  const { selectedIds, onUnselectItems } = useListContext();
  const shown = Boolean(selectedIds?.length);
  // Hidden, not unmounted, when nothing is selected: an action's dialog (批量审批's result) outlives the
  // selection it cleared.
  return (
    <>
      {shown && <PhoneActionBarSpacer />}
      <Paper elevation={8} square role="toolbar" aria-label={translate('govflow.phone.bulk')} aria-hidden={!shown} sx={{
        position: 'fixed', left: 0, right: 0, bottom: 0, zIndex: (theme) => theme.zIndex.appBar, px: 1.5, pt: 1,
        pb: 'calc(8px + env(safe-area-inset-bottom))', display: shown ? 'flex' : 'none', flexWrap: 'wrap', gap: 1, alignItems: 'center',
      }}>
        <Typography variant="body2" sx={{ flex: 1 }}>{translate('govflow.phone.selected', { count: selectedIds.length })}</Typography>
        <LabeledButton label="govflow.phone.unselect" onClick={() => onUnselectItems()} />
        {children}
      </Paper>
    </>
  );
};

/** Room at the end of a page for the fixed action bar. */
export const PhoneActionBarSpacer = () => <Box sx={{ height: 72 }} aria-hidden />;
