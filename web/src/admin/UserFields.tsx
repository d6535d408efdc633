// The fields of a user, shared by the create and edit forms. The role decides which of the
// operator number (G3) and the judicial body apply; the other stays typed but is not sent.
import { NativeSelect, NumberInput, Switch, TextInput } from '@mantine/core';
import type { Role } from '../app/session.ts';
import { useI18n } from '../i18n/index.tsx';
import { ROLES, type AdminUser, type ServerErrors } from './data.ts';
import { JudicialBodyPicker } from './JudicialBodyPicker.tsx';

export interface UserDraft {
  fullName: string;
  role: Role;
  operatorNumber: number | string;
  judicialBodyId: string | null;
  email: string;
  active: boolean;
}

export const emptyDraft: UserDraft = { fullName: '', role: 'operator', operatorNumber: '', judicialBodyId: null, email: '', active: true };

export function draftOf(user: AdminUser): UserDraft {
  return {
    fullName: user.fullName,
    role: user.role,
    operatorNumber: user.operatorNumber ?? '',
    judicialBodyId: user.judicialBodyId,
    email: user.email ?? '',
    active: user.active,
  };
}

/** The operator number as the API takes it: a number, or null when none was typed. */
export function numberOf(value: number | string): number | null {
  if (typeof value === 'number') return value;
  const trimmed = value.trim();
  return trimmed === '' ? null : Number(trimmed);
}

export const USER_FIELDS = ['login', 'fullName', 'role', 'operatorNumber', 'judicialBodyId', 'email', 'password', 'active'] as const;

export function UserFields({
  draft, onChange, errors, showActive,
}: {
  draft: UserDraft;
  onChange: (next: UserDraft) => void;
  errors: ServerErrors;
  showActive: boolean;
}) {
  const { t } = useI18n();
  const set = <K extends keyof UserDraft>(field: K, value: UserDraft[K]) => {
    errors.edit(field);
    onChange({ ...draft, [field]: value });
  };
  return (
    <>
      <TextInput
        label={t.admin.userForm.fullName}
        description={t.admin.userForm.fullNameHint}
        withAsterisk
        autoComplete="off"
        value={draft.fullName}
        onChange={(event) => set('fullName', event.currentTarget.value)}
        error={errors.field('fullName')}
      />
      <NativeSelect
        label={t.admin.userForm.role}
        description={t.admin.userForm.roleHints[draft.role]}
        withAsterisk
        value={draft.role}
        onChange={(event) => set('role', event.currentTarget.value as Role)}
        data={ROLES.map((role) => ({ value: role, label: t.common.roles[role] }))}
        error={errors.field('role')}
      />
      {draft.role === 'operator' && (
        <NumberInput
          label={t.admin.userForm.operatorNumber}
          description={t.admin.userForm.operatorNumberHint}
          withAsterisk
          allowDecimal={false}
          allowNegative={false}
          clampBehavior="none"
          hideControls
          maw={420}
          value={draft.operatorNumber}
          onChange={(value) => set('operatorNumber', value)}
          error={errors.field('operatorNumber')}
        />
      )}
      {draft.role === 'court_clerk' && (
        <JudicialBodyPicker
          value={draft.judicialBodyId}
          onChange={(id) => set('judicialBodyId', id)}
          error={errors.field('judicialBodyId')}
        />
      )}
      <TextInput
        label={t.admin.userForm.email}
        description={t.admin.userForm.emailHint}
        type="email"
        autoComplete="off"
        value={draft.email}
        onChange={(event) => set('email', event.currentTarget.value)}
        error={errors.field('email')}
      />
      {showActive && (
        <Switch
          label={t.admin.userForm.active}
          description={t.admin.userForm.activeHint}
          checked={draft.active}
          onChange={(event) => set('active', event.currentTarget.checked)}
          error={errors.field('active')}
        />
      )}
    </>
  );
}
