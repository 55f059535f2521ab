import { Alert, AlertTitle } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { RETURN_REASONS } from './taskFlows';

interface ReturnedWith { fromStageKey: string; reasonCode: string; comment: string; byLogin: string; kind: 'returned' | 'withdrawn'; problems?: string[] }

/** A task reopened by a 退回 (or 撤回) says prominently who sent it back, from which stage, and why. */
export const TaskReturnedWith = () => {
  const record = useRecordContext<{ status: string; returnedWith: ReturnedWith | null }>();
  const translate = useTranslate();
  const r = record?.returnedWith;
  if (!r) return null;
  const stage = translate(`govflow.stages.${r.fromStageKey}`);
  return (
    <Alert severity={r.kind === 'withdrawn' ? 'info' : 'warning'} sx={{ mb: 2 }}>
      <AlertTitle>{translate(r.kind === 'withdrawn' ? 'govflow.returned.withdrawn_title' : 'govflow.returned.title', { by: r.byLogin, stage })}</AlertTitle>
      {r.kind === 'returned' && <div>{translate('govflow.returned.reason', { reason: translate(`govflow.return_reasons.${RETURN_REASONS.includes(r.reasonCode) ? r.reasonCode : 'other'}`) })}</div>}
      {r.comment && <div>{translate('govflow.returned.comment', { comment: r.comment })}</div>}
      {r.problems && r.problems.length > 0 && (
        <div data-testid="returned-problems">
          {translate('govflow.returned.problems', { count: r.problems.length })}
          <ol style={{ margin: '4px 0 0', paddingLeft: 24 }}>{r.problems.map((p, i) => <li key={i} style={{ overflowWrap: 'anywhere' }}>{p}</li>)}</ol>
        </div>
      )}
    </Alert>
  );
};
