import { useCallback, useEffect, useMemo, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import { Alert, AlertTitle, Box, Checkbox, Dialog, FormControlLabel, DialogActions, DialogContent, DialogContentText, DialogTitle, Stack, TextField as MuiTextField, Typography } from '@mui/material';
import SaveIcon from '@mui/icons-material/Save';
import SendIcon from '@mui/icons-material/Send';
import { Button, HttpError, useDataProvider, useNotify, useRefresh, useTranslate } from 'react-admin';
import { warningKey } from '@domain/annual-report';
import type { DraftCheck, GovFlowDataProvider, RectificationAnswer, RectificationItem } from '../../providers/dataProvider';
import { ReportRectification } from './ReportRectification';
import { checkForm, formOf, messagesByCell, reportOf, type Issue, type ReportForm } from './reportModel';
import { ReportSections } from './ReportSections';
import { ReportTablesXlsx } from './ReportTablesXlsx';
import { applyCells, cellTarget, moveTarget, pasteOutcome, type PasteOutcome } from './reportPaste';

interface Props { task: { id: string; payload?: { draft?: unknown; rectification?: RectificationItem[]; draftRectification?: RectificationAnswer[] } | null } }

/**
 * 单位自查: the clerk fills in the report as the template lays it out. The domain's own checks run as the
 * clerk types (R1–R4, and R5/R6 against last year's report when GovFlow holds it): a failing cell turns
 * red at once. Blank cells and empty narrative sections are shown after the first save or submit. Saving
 * stores a draft (PUT /draft, checked by the server); submitting completes the step with the report, and a
 * REPORT_INVALID refusal is put back on the cells from the server's own check of the same report.
 */
export const TaskReportEditor = ({ task }: Props) => {
  const dataProvider = useDataProvider<GovFlowDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const translate = useTranslate();
  const [form, setForm] = useState<ReportForm>();
  const [previous, setPrevious] = useState<unknown>(null);
  const [showBlank, setShowBlank] = useState(false);
  const [server, setServer] = useState<DraftCheck>();
  const [refusal, setRefusal] = useState('');
  const [confirm, setConfirm] = useState(false);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  // The draft as the page first loaded it: a refetch of the task (window focus, another action) must not
  // overwrite what the clerk is typing.
  const [initialDraft] = useState(() => task.payload?.draft);
  // 整改: last year's problems the city returned, carried by the workflow in the task's payload.
  const items = useMemo(() => task.payload?.rectification ?? [], [task.payload?.rectification]);
  const [answers, setAnswers] = useState<RectificationAnswer[]>(() => task.payload?.draftRectification ?? []);
  const [confirmed, setConfirmed] = useState<Set<string>>(new Set());

  useEffect(() => {
    let live = true;
    // A saved draft wins; a returned report starts again from what was last submitted.
    dataProvider.taskReport(task.id).then((r) => {
      if (!live) return;
      setPrevious(r.previous ?? null);
      setForm(formOf(initialDraft ?? r.report));
    }, () => { if (live) setForm(formOf(initialDraft)); });
    return () => { live = false; };
  }, [task.id, initialDraft, dataProvider]);

  const check = useMemo(() => (form ? checkForm(form, previous, { rectification: items, answers }) : undefined), [form, previous, items, answers]);
  const onCell = useCallback((table: string, row: string, column: string, value: string) => {
    setServer(undefined);
    setForm((f) => f && ({ ...f, tables: { ...f.tables, [table]: { ...f.tables[table as 'T2'], [row]: { ...f.tables[table as 'T2'][row], [column]: value } } } }));
  }, []);
  // A block pasted from Excel or WPS (domain/annual-report/paste.ts): written at once, the checks re-run on
  // the new form, and what was pasted and what could not be read is shown with an undo.
  const [paste, setPaste] = useState<PasteOutcome>();
  const onPaste = useCallback((e: ClipboardEvent<HTMLElement>) => {
    const at = cellTarget(e.target);
    const text = e.clipboardData.getData('text/plain');
    if (!at || !form || text === '') return;
    e.preventDefault();
    const outcome = pasteOutcome(form, at, text);
    setServer(undefined);
    setForm((f) => f && applyCells(f, outcome.plan.cells));
    setPaste(outcome);
  }, [form]);
  const undoPaste = useCallback(() => {
    if (!paste) return;
    setForm((f) => f && applyCells(f, paste.before));
    setPaste(undefined);
    notify('govflow.report.paste_undone', { type: 'info' });
  }, [paste, notify]);
  const onKeyDown = useCallback((e: KeyboardEvent<HTMLElement>) => {
    if (paste && (e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z' && cellTarget(e.target)) {
      e.preventDefault();
      undoPaste();
      return;
    }
    const next = moveTarget(e);
    if (!next) return;
    const input = document.querySelector<HTMLInputElement>(`input[data-cell="${next}"]`);
    if (!input) return;
    e.preventDefault();
    input.focus();
    input.select();
  }, [paste, undoPaste]);
  // An Excel import is saved on the server already: its tables replace the form's, the typed text stays.
  const onImported = useCallback((imported: unknown) => {
    setServer(undefined);
    setPaste(undefined);
    setShowBlank(true);
    setForm((f) => f && ({ ...f, tables: formOf(imported).tables }));
  }, []);
  const onSection = useCallback((key: string, value: string) => {
    setServer(undefined);
    setForm((f) => f && ({ ...f, sections: { ...f.sections, [key]: value } }));
  }, []);

  if (!form || !check) return null;
  const blank = showBlank ? check.shape : [];
  const serverIssues = server ? [...server.issues, ...server.errors] : [];
  const errors: Issue[] = [...check.errors, ...blank, ...serverIssues.filter((i) => !check.errors.some((e) => e.message === i.message) && !blank.some((b) => b.message === i.message))];
  const state = { errors: messagesByCell(errors), warnings: messagesByCell([...check.warnings, ...(server?.warnings ?? [])]) };
  // Errors about a part's text (missing, 第五十条 topics, section 五) are shown under that part's field.
  const sectionErrors = new Map<string, string>();
  for (const i of errors) {
    if (!i.section || i.cells.length > 0 || i.path?.startsWith('rectification.')) continue;
    sectionErrors.set(i.section, [sectionErrors.get(i.section), i.message].filter(Boolean).join('\n'));
  }
  const rectificationErrors = new Map(errors.filter((i) => i.path?.startsWith('rectification.')).map((i) => [i.path!.slice('rectification.'.length), i.message]));
  const warnings = check.warnings;
  const allConfirmed = warnings.every((w) => confirmed.has(warningKey(w)));

  const save = async () => {
    setBusy(true);
    setShowBlank(true);
    try {
      const out = await dataProvider.saveDraft(task.id, reportOf(form), items.length ? answers : undefined);
      setServer(out);
      notify(out.ok ? 'govflow.report.saved' : 'govflow.report.saved_with_problems', { type: out.ok ? 'success' : 'warning', messageArgs: { count: out.issues.length + out.errors.length } });
    } catch (err) {
      notify((err as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  const openSubmit = () => {
    setShowBlank(true);
    setRefusal('');
    if (check.shape.length > 0 || check.errors.length > 0) {
      notify('govflow.report.fix_first', { type: 'warning', messageArgs: { count: check.shape.length + check.errors.length } });
      return;
    }
    setComment('');
    setConfirmed(new Set());
    setConfirm(true);
  };

  const submit = async () => {
    setBusy(true);
    try {
      // Each warning is confirmed by the person, one by one; the server refuses any left unconfirmed.
      const result = { report: reportOf(form), ...(items.length ? { rectification: answers } : {}), ...(warnings.length ? { confirmedWarnings: warnings.map(warningKey) } : {}) };
      await dataProvider.taskAction(task.id, 'complete', { requestId: crypto.randomUUID(), comment: comment || undefined, result });
      setConfirm(false);
      notify('govflow.report.submitted', { type: 'success' });
      refresh();
    } catch (err) {
      setConfirm(false);
      setRefusal((err as Error).message);
      notify((err as Error).message, { type: 'error' });
      // The refusal is a sentence per problem; the server's check of the same report names their cells.
      const code = err instanceof HttpError ? (err.body as { error?: { code?: string } })?.error?.code : undefined;
      if (code === 'REPORT_INVALID' || code === 'REPORT_WARNINGS_UNCONFIRMED') {
        dataProvider.saveDraft(task.id, reportOf(form), items.length ? answers : undefined).then(setServer, () => undefined);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box data-testid="report-editor" sx={{ maxWidth: 1080 }}>
      <Stack direction="row" spacing={1} sx={{ mb: 1, position: 'sticky', top: 48, zIndex: 2, bgcolor: 'background.paper', py: 1 }}>
        <Button label="govflow.report.save" onClick={save} disabled={busy} variant="outlined"><SaveIcon /></Button>
        <Button label="govflow.report.submit" onClick={openSubmit} disabled={busy} variant="contained"><SendIcon /></Button>
        <Typography variant="body2" color={errors.length ? 'error' : 'text.secondary'} sx={{ alignSelf: 'center' }} data-testid="report-status">
          {errors.length
            ? translate('govflow.report.problems', { count: errors.length })
            : check.shape.length ? translate('govflow.report.incomplete', { count: check.shape.length }) : translate('govflow.report.ready')}
        </Typography>
      </Stack>
      {refusal && (
        <Alert severity="error" sx={{ mb: 2, whiteSpace: 'pre-line', overflowWrap: 'anywhere' }} data-testid="report-refusal">
          <AlertTitle>{translate('govflow.report.refused')}</AlertTitle>{refusal}
        </Alert>
      )}
      {errors.length > 0 && (
        <Alert severity="error" sx={{ mb: 2 }} data-testid="report-errors">
          <AlertTitle>{translate('govflow.report.errors_title', { count: errors.length })}</AlertTitle>
          <Box component="ul" sx={{ m: 0, pl: 2.5, maxHeight: 220, overflowY: 'auto' }}>
            {errors.slice(0, 50).map((i, n) => <li key={n}><Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}>{i.message}</Typography></li>)}
          </Box>
        </Alert>
      )}
      {check.warnings.length > 0 && (
        <Alert severity="warning" sx={{ mb: 2 }} data-testid="report-warnings">
          <AlertTitle>{translate('govflow.report.warnings_title')}</AlertTitle>
          {check.warnings.map((i, n) => <Typography key={n} variant="body2" sx={{ overflowWrap: 'anywhere' }}>{i.message}</Typography>)}
        </Alert>
      )}
      {paste && (
        <Alert severity={paste.plan.unread.length || paste.plan.outside ? 'warning' : 'success'} sx={{ mb: 2 }} data-testid="report-paste"
          action={<Button label="govflow.report.paste_undo" onClick={undoPaste} data-testid="report-paste-undo" />}>
          <AlertTitle>{translate('govflow.report.pasted', { count: paste.plan.cells.length })}</AlertTitle>
          {paste.plan.unread.length > 0 && (
            <>
              <Typography variant="body2">{translate('govflow.report.pasted_unread', { count: paste.plan.unread.length })}</Typography>
              <Box component="ul" sx={{ m: 0, pl: 2.5 }} data-testid="report-paste-unread">
                {paste.unreadLabels.map((l, n) => <li key={n}><Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}>{l}</Typography></li>)}
              </Box>
            </>
          )}
          {paste.plan.outside > 0 && <Typography variant="body2">{translate('govflow.report.pasted_outside', { count: paste.plan.outside })}</Typography>}
        </Alert>
      )}
      <ReportTablesXlsx taskId={task.id} onImported={onImported} disabled={busy} />
      <Typography variant="caption" color="text.secondary" component="p" sx={{ mb: 1 }}>{translate('govflow.report.paste_hint')}</Typography>
      <ReportRectification items={items} answers={answers} onChange={(a) => { setServer(undefined); setAnswers(a); }} errors={rectificationErrors} />
      <Box onPaste={onPaste} onKeyDown={onKeyDown}>
        <ReportSections form={form} editable state={state} onCell={onCell} onSection={onSection} sectionErrors={sectionErrors} />
      </Box>
      <Dialog open={confirm} onClose={() => setConfirm(false)} fullWidth maxWidth="sm">
        <DialogTitle>{translate('govflow.report.submit_title')}</DialogTitle>
        <DialogContent>
          <DialogContentText>{translate('govflow.report.submit_content')}</DialogContentText>
          {warnings.length > 0 && (
            <Alert severity="warning" sx={{ mt: 2 }} data-testid="report-confirm-warnings">
              <AlertTitle>{translate('govflow.report.submit_with_warnings', { count: warnings.length })}</AlertTitle>
              {warnings.map((w) => (
                <FormControlLabel key={warningKey(w)} sx={{ display: 'flex', alignItems: 'flex-start', mb: 0.5 }}
                  control={<Checkbox size="small" checked={confirmed.has(warningKey(w))} onChange={(e) => setConfirmed((c) => {
                    const next = new Set(c);
                    if (e.target.checked) next.add(warningKey(w)); else next.delete(warningKey(w));
                    return next;
                  })} />}
                  label={<Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}>{w.message}</Typography>} />
              ))}
            </Alert>
          )}
          <MuiTextField label={translate('govflow.actions.comment')} value={comment} onChange={(e) => setComment(e.target.value)}
            fullWidth multiline minRows={2} margin="normal" slotProps={{ htmlInput: { maxLength: 2000 } }} />
        </DialogContent>
        <DialogActions>
          <Button label="ra.action.cancel" onClick={() => setConfirm(false)} />
          <Button label="ra.action.confirm" onClick={submit} disabled={busy || !allConfirmed} variant="contained" data-testid="report-submit-confirm" />
        </DialogActions>
      </Dialog>
    </Box>
  );
};
