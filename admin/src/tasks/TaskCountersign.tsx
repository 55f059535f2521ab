import { Alert } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';

interface CountersignPayload { signer: string; signers: string[]; rule: { kind: 'all' } | { kind: 'quorum'; quorum: number } }

/**
 * On a countersigned step's task (会签): who signs together, as whom this task signs, and the stage's rule.
 * The run's progress below lists every signer's task with their opinion.
 */
export const TaskCountersign = (_props: { label?: string | false }) => {
  const record = useRecordContext<{ payload?: { countersign?: CountersignPayload } }>();
  const t = useTranslate();
  const c = record?.payload?.countersign;
  if (!c) return null;
  const rule = c.rule.kind === 'all' ? t('govflow.countersign.rule_all') : t('govflow.countersign.rule_quorum', { quorum: c.rule.quorum, of: c.signers.length });
  return (
    <Alert severity="info" data-testid="task-countersign">
      {t('govflow.countersign.note', { signers: c.signers.join('、'), signer: c.signer, rule })}
    </Alert>
  );
};
