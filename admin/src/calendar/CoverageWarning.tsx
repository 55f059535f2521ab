import { useEffect, useState } from 'react';
import { Alert } from '@mui/material';
import { useDataProvider, useTranslate } from 'react-admin';
import type { CoverageWarning as Warning, GovFlowDataProvider } from '../providers/dataProvider';

/** The dates of a warning, a few of them, for a sentence. */
export const someDates = (dates: string[]) => dates.slice(0, 8).join('、') + (dates.length > 8 ? ' …' : '');

/** A plan that rests on a year nobody has published yet: which years and dates were counted Monday–Friday. */
export const UncoveredAlert = ({ warning }: { warning: Warning }) => {
  const t = useTranslate();
  return (
    <Alert severity="warning" data-testid="calendar-coverage-warning">
      {t('govflow.calendar.uncovered', { years: warning.years.join('、'), dates: someDates(warning.dates), count: warning.dates.length })}
    </Alert>
  );
};

/**
 * Shown on a campaign's dashboard (or, without a campaign, for every running deadline) for as long as the
 * calendar does not cover a year the plan rests on: it goes away once the year's arrangement is entered.
 */
export const CoverageWarning = ({ campaignId, version = 0 }: { campaignId?: string; version?: number }) => {
  const dataProvider = useDataProvider<GovFlowDataProvider>();
  const [warning, setWarning] = useState<Warning | null>(null);
  useEffect(() => {
    let live = true;
    dataProvider.calendarCoverage().then((c) => {
      if (!live) return;
      setWarning(campaignId ? c.campaigns.find((x) => x.campaignId === campaignId)?.warning ?? null : c.tasks);
    }, () => undefined);
    return () => { live = false; };
  }, [dataProvider, campaignId, version]);
  return warning ? <UncoveredAlert warning={warning} /> : null;
};
