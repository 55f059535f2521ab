import { Chip, List, ListItemButton, ListItemText } from '@mui/material';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import { useTranslate } from 'react-admin';
import type { Progress } from './api';

type Child = Progress['children'][number];

/**
 * The progress matrix on a phone: one line per child unit (a district, then its units) with where its units
 * stand and its overdue count in red; a tap on a unit with units under it goes down a level, on a unit
 * without, opens its timeline.
 */
export const CampaignDrillList = ({ rows, stages, stageLabel, onDrill, onTimeline }: {
  rows: Child[]; stages: string[]; stageLabel: (key: string) => string;
  onDrill: (row: Child) => void; onTimeline: (row: Child) => void;
}) => {
  const t = useTranslate();
  return (
    <List dense aria-label="progress-list" disablePadding>
      {rows.map((c) => {
        const where = stages.filter((s) => (c.byStage[s] ?? 0) > 0).map((s) => `${stageLabel(s)} ${c.byStage[s]}`).join(' · ');
        const canOpen = Boolean(c.orgUnitId);
        // Overdue as the matrix marks it: units late at their current stage (the red cells).
        const late = Object.values(c.overdueByStage).reduce((sum, n) => sum + n, 0);
        return (
          <ListItemButton key={c.code} divider disabled={!canOpen} data-overdue={late > 0 ? 'true' : undefined}
            onClick={() => (c.hasChildren ? onDrill(c) : onTimeline(c))} aria-label={c.name}>
            <ListItemText primary={c.name} secondary={`${t('govflow.phone.units_count', { count: c.units })}${where ? ` · ${where}` : ''}`}
              slotProps={{ primary: { sx: { overflowWrap: 'anywhere' } }, secondary: { sx: { overflowWrap: 'anywhere' } } }} />
            {late > 0 && <Chip size="small" color="error" label={t('govflow.phone.overdue_count', { count: late })} sx={{ ml: 1 }} />}
            {c.hasChildren && <ChevronRightIcon color="action" sx={{ ml: 0.5 }} />}
          </ListItemButton>
        );
      })}
    </List>
  );
};
