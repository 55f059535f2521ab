import { useState } from 'react';
import { Box, Chip, CircularProgress, IconButton, Link, Typography } from '@mui/material';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import { Link as RouterLink, useGetList, usePermissions, useTranslate } from 'react-admin';

interface Unit { id: string; code: string; name: string; kind: string; depth: number }

/** One unit and, once opened, its children (GET /api/org-units?filter={"parentId":...}): the tree loads as it is drilled into. */
const OrgUnitNode = ({ unit, open: initiallyOpen = false }: { unit: Unit; open?: boolean }) => {
  const [open, setOpen] = useState(initiallyOpen);
  const t = useTranslate();
  const { permissions } = usePermissions<string[]>();
  const { data, isPending } = useGetList<Unit>('org-units', { filter: { parentId: unit.id }, pagination: { page: 1, perPage: 500 }, sort: { field: 'sortOrder', order: 'ASC' } }, { enabled: open });
  return (
    <Box component="li" sx={{ listStyle: 'none' }} data-unit={unit.code}>
      <Box sx={{ display: 'flex', alignItems: 'center', flexWrap: 'wrap', columnGap: 1, py: 0.25 }}>
        <IconButton size="small" onClick={() => setOpen(!open)} aria-label={t(open ? 'govflow.org.collapse' : 'govflow.org.expand', { name: unit.name })} aria-expanded={open}>
          {open ? <ExpandMoreIcon fontSize="small" /> : <ChevronRightIcon fontSize="small" />}
        </IconButton>
        <Typography variant="body2" sx={{ fontWeight: unit.depth < 2 ? 600 : 400 }}>{unit.name}</Typography>
        <Typography variant="caption" color="text.secondary">{unit.code}</Typography>
        <Chip size="small" variant="outlined" label={t(`govflow.kinds.${unit.kind}`)} />
        {Array.isArray(permissions) && permissions.includes('ADMIN') && (
          <Link component={RouterLink} to={`/users?filter=${encodeURIComponent(JSON.stringify({ orgUnitId: unit.id }))}`} variant="caption">{t('govflow.org.users')}</Link>
        )}
      </Box>
      {open && (
        <Box component="ul" sx={{ pl: 3, m: 0 }}>
          {isPending && <CircularProgress size={16} />}
          {data?.length === 0 && <Typography component="li" variant="caption" color="text.secondary" sx={{ listStyle: 'none', pl: 5 }}>{t('govflow.org.no_children')}</Typography>}
          {data?.map((c) => <OrgUnitNode key={c.id} unit={c} />)}
        </Box>
      )}
    </Box>
  );
};

/** 组织机构 as a tree, from the city down to streets and towns, opened one level at a time. */
export const OrgUnitTree = () => {
  const { data } = useGetList<Unit>('org-units', { filter: { root: true }, pagination: { page: 1, perPage: 50 }, sort: { field: 'sortOrder', order: 'ASC' } });
  return (
    <Box component="ul" sx={{ pl: 0, m: 0 }} data-testid="org-tree">
      {data?.map((u) => <OrgUnitNode key={u.id} unit={u} open />)}
    </Box>
  );
};
