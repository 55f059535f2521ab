import type { ReactNode } from 'react';
import { Box, Card, CardActionArea, CardActions, CardContent, Checkbox, LinearProgress, Stack, Typography } from '@mui/material';
import { Link } from 'react-router-dom';
import { RecordContextProvider, useListContext, useTranslate, type RaRecord } from 'react-admin';

export interface RecordCardsProps<R extends RaRecord> {
  /** the card's first line, wrapped in full (a table column broke long Chinese titles one character per line) */
  title: (r: R) => ReactNode;
  /** the key fields under the title, joined by " · " (empty ones left out) */
  lines?: (r: R) => Array<ReactNode | null | undefined | false>;
  /** badges under the lines (state, deadline, age) */
  chips?: (r: R) => ReactNode;
  /** where a tap on the card goes (no link: the card only carries its actions) */
  link?: (r: R) => string | false | undefined;
  /** buttons under the card, each in the card's record (as a Datagrid column's) */
  actions?: ReactNode;
  /** a checkbox on each card that selects it for the list's bulk action (the Datagrid's row selection) */
  selectable?: boolean;
  /** data-testid of each card */
  testId?: string;
  /** the list's accessible name */
  label?: string;
  /** marks a card (unread in bold, for one) */
  emphasis?: (r: R) => boolean;
}

/**
 * A list screen on a phone: one card per record with its key fields and its actions, where a desktop has a
 * table whose columns a phone's width squeezes to a character each. Used inside react-admin's `<List>` (the
 * list context gives the records, the selection and the loading state), as `TaskCardList` for the inbox.
 */
export function RecordCards<R extends RaRecord>({ title, lines, chips, link, actions, selectable, testId = 'record-card', label = 'record-cards', emphasis }: RecordCardsProps<R>) {
  const { data, isPending, selectedIds, onToggleItem } = useListContext<R>();
  const translate = useTranslate();
  if (isPending) return <LinearProgress sx={{ m: 2 }} />;
  if (!data?.length) return <Typography variant="body2" sx={{ p: 2 }}>{translate('ra.navigation.no_results')}</Typography>;
  return (
    <Stack spacing={1} sx={{ p: 1 }} role="list" aria-label={label}>
      {data.map((r) => {
        const to = link?.(r);
        const strong = emphasis?.(r) ?? false;
        const body = (
          <CardContent sx={{ py: 1.5, '&:last-child': { pb: 1.5 }, flex: 1, minWidth: 0 }}>
            <Typography variant="subtitle1" component="div" sx={{ lineHeight: 1.4, overflowWrap: 'anywhere', fontWeight: strong ? 600 : undefined }}>{title(r)}</Typography>
            {lines && (
              <Typography variant="body2" color="text.secondary" component="div" sx={{ mt: 0.5, overflowWrap: 'anywhere' }}>
                {lines(r).filter((x) => x !== null && x !== undefined && x !== false && x !== '').reduce<ReactNode[]>((all, x, i) => (i ? [...all, ' · ', x] : [x]), [])}
              </Typography>
            )}
            {chips && <Box sx={{ mt: 1, display: 'flex', flexWrap: 'wrap', gap: 0.5, alignItems: 'center' }}>{chips(r)}</Box>}
          </CardContent>
        );
        return (
          <RecordContextProvider key={r.id} value={r}>
            <Card variant="outlined" role="listitem" data-testid={testId} sx={{ borderColor: strong ? 'primary.main' : undefined }}>
              <Box sx={{ display: 'flex', alignItems: 'flex-start' }}>
                {selectable && (
                  <Checkbox checked={selectedIds.includes(r.id)} onChange={() => onToggleItem(r.id)} sx={{ mt: 0.5 }}
                    slotProps={{ input: { 'aria-label': translate('govflow.phone.select', { title: typeof r.title === 'string' ? r.title : String(r.id) }) } }} />
                )}
                {to ? <CardActionArea component={Link} to={to} sx={{ flex: 1, minWidth: 0 }}>{body}</CardActionArea> : body}
              </Box>
              {actions && <CardActions sx={{ justifyContent: 'flex-end', flexWrap: 'wrap', pt: 0, '&:empty': { display: 'none' } }}>{actions}</CardActions>}
            </Card>
          </RecordContextProvider>
        );
      })}
    </Stack>
  );
}
