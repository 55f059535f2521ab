import { Box, FormControlLabel, Radio, RadioGroup, TextField as MuiTextField, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { RectificationAnswer, RectificationItem } from '../../providers/dataProvider';

interface Props {
  items: RectificationItem[];
  answers: RectificationAnswer[];
  /** editing (the clerk on 单位自查) or read-only beside the list (the reviewers) */
  onChange?: (answers: RectificationAnswer[]) => void;
  errors?: Map<string, string>;
}

/**
 * 整改: last year's problems the city returned, one per line, with the clerk's answer (已整改 / 整改中 and what
 * was done). The clerk answers each; reviewers see last year's list beside the answers.
 */
export const ReportRectification = ({ items, answers, onChange, errors }: Props) => {
  const translate = useTranslate();
  if (items.length === 0) return null;
  const answerOf = (id: string) => answers.find((a) => a.id === id);
  const set = (id: string, patch: Partial<RectificationAnswer>) => {
    const current = answerOf(id) ?? { id, status: 'done' as const, text: '' };
    onChange?.([...answers.filter((a) => a.id !== id), { ...current, ...patch }]);
  };
  return (
    <Box component="section" data-testid="report-rectification" sx={{ mb: 3, p: 1.5, border: 1, borderColor: 'warning.light', borderRadius: 1 }}>
      <Typography variant="h6" component="h3" sx={{ fontSize: 17, mb: 1 }}>{translate('govflow.report.rectification_title', { count: items.length })}</Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>{translate('govflow.report.rectification_hint')}</Typography>
      {items.map((item, n) => {
        const a = answerOf(item.id);
        return (
          <Box key={item.id} data-rectification={item.id} sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' }, gap: 2, py: 1, borderTop: n ? 1 : 0, borderColor: 'divider' }}>
            <Box>
              <Typography variant="caption" color="text.secondary">{translate('govflow.report.rectification_item', { n: n + 1, year: item.year })}</Typography>
              <Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}>{item.text}</Typography>
            </Box>
            {onChange ? (
              <Box>
                <RadioGroup row value={a?.status ?? ''} onChange={(e) => set(item.id, { status: e.target.value as RectificationAnswer['status'] })}>
                  <FormControlLabel value="done" control={<Radio size="small" />} label={translate('govflow.report.rectification_done')} />
                  <FormControlLabel value="in-progress" control={<Radio size="small" />} label={translate('govflow.report.rectification_in_progress')} />
                </RadioGroup>
                <MuiTextField value={a?.text ?? ''} onChange={(e) => set(item.id, { text: e.target.value })} fullWidth multiline minRows={2} size="small"
                  label={translate('govflow.report.rectification_answer')} error={!!errors?.get(item.id)} helperText={errors?.get(item.id)}
                  slotProps={{ htmlInput: { maxLength: 5000, 'data-testid': `rectification-answer-${item.id}` } }} />
              </Box>
            ) : (
              <Box data-testid={`rectification-answer-${item.id}`}>
                <Typography variant="caption" color={a ? (a.status === 'done' ? 'success.main' : 'warning.main') : 'error'}>
                  {a ? translate(a.status === 'done' ? 'govflow.report.rectification_done' : 'govflow.report.rectification_in_progress') : translate('govflow.report.rectification_unanswered')}
                </Typography>
                <Typography variant="body2" sx={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>{a?.text}</Typography>
              </Box>
            )}
          </Box>
        );
      })}
    </Box>
  );
};
