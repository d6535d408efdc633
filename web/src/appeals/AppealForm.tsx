// A1: registering an oral appeal during a call. The form checks the same rules as the server
// (src/appeals/input.ts) before sending, names every wrong field beside it and moves the focus
// there; a failed request keeps everything typed; one Idempotency-Key per form fill means a retry
// after a lost answer never registers the appeal twice.
import { Alert, Button, Group, Paper, Radio, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { ApiError, post } from '../api.ts';
import { Loading, errorText } from '../app/states.tsx';
import { useI18n } from '../i18n/index.tsx';
import { APPEAL_FORM_FIELDS, AppealBody, RepeatCheckBody, type AppealBodyValue, type AppealFormField } from '../../../src/appeals/input.ts';
import { APPEAL_KIND_KEYS, APPEAL_KINDS, type AppealKind } from '../../../src/standard/index.ts';
import { AppealFacts } from '../shared/AppealFacts.tsx';
import { AppLink } from '../shared/AppLink.tsx';
import { READABLE_ALERT, READABLE_ERRORS, newIdempotencyKey, useCallAppeal, type AppealDetail, type AppealStatusKey } from './shared.ts';

export interface RegisteredAppeal {
  id: string;
  registrationNumber: string | null;
  lookupCode: string;
  status: string;
}

interface RepeatHint {
  id: string;
  registrationNumber: string;
  registeredAt: string;
  kind: AppealKind;
  status: AppealStatusKey;
  similarity: number;
}

type Values = Record<AppealFormField, string>;
type FieldErrors = Partial<Record<AppealFormField, string>>;

interface Draft {
  values: Values;
  /** One key per form fill: every retry of this appeal carries it. */
  idempotencyKey: string;
  /** The body of an attempt whose answer was lost: it may have been registered already. */
  maybeSent?: AppealBodyValue;
  phoneEdited: boolean;
  registered?: AppealDetail;
  /** Registered with the data of an earlier attempt whose answer was lost. */
  keptFirstAttempt?: boolean;
}

// What the operator typed survives the panel being hidden and shown again during the same call
// (kept in memory only: personal data is not written to the browser's storage).
const drafts = new Map<string, Draft>();

function newDraft(callerPhone: string | null | undefined): Draft {
  const values = Object.fromEntries(APPEAL_FORM_FIELDS.map((field) => [field, ''])) as Values;
  values.phone = callerPhone ?? '';
  return { values, idempotencyKey: newIdempotencyKey('appeal'), phoneEdited: false };
}

function isFormField(name: string | undefined): name is AppealFormField {
  return (APPEAL_FORM_FIELDS as readonly string[]).includes(name ?? '');
}

/** The request body from what is typed: an empty e-mail or kind is simply not given. */
function requestBody(values: Values, callId: string): Record<string, unknown> {
  return {
    ...(callId ? { callId } : {}),
    surname: values.surname,
    givenName: values.givenName,
    patronymic: values.patronymic,
    residence: values.residence,
    essence: values.essence,
    kind: values.kind || undefined,
    phone: values.phone,
    email: values.email.trim() ? values.email : undefined,
  };
}

/** The shared rule's verdict on one field: its first message, or undefined when it is right. */
function fieldError(field: AppealFormField, value: string): string | undefined {
  if (field === 'email' && !value.trim()) return undefined;
  const result = AppealBody.shape[field].safeParse(field === 'kind' && !value ? undefined : value);
  return result.success ? undefined : result.error.issues[0]?.message;
}

export function AppealForm({ callId, callerPhone, onRegistered }: { callId: string; callerPhone?: string | null; onRegistered: (appeal: RegisteredAppeal) => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [forCall, setForCall] = useState(callId);
  const [draft, setDraft] = useState<Draft>(() => drafts.get(callId) ?? newDraft(callerPhone));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [attempted, setAttempted] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  // The call's appeal registered before (a reload, another tab, the call reopened after its end).
  const onCall = useCallAppeal(callId);
  const fieldRefs = useRef<Partial<Record<AppealFormField, HTMLElement | null>>>({});
  const summaryRef = useRef<HTMLDivElement>(null);

  // Another call in the same place: its own draft.
  if (forCall !== callId) {
    setForCall(callId);
    setDraft(drafts.get(callId) ?? newDraft(callerPhone));
    setErrors({});
    setAttempted(false);
    setFailure(null);
  }

  useEffect(() => {
    drafts.set(callId, draft);
  }, [callId, draft]);

  // The caller's number arrives with the call; it fills the phone until the operator types their own.
  useEffect(() => {
    if (callerPhone && !draft.phoneEdited && !draft.registered && draft.values.phone !== callerPhone) {
      setDraft((current) => ({ ...current, values: { ...current.values, phone: callerPhone } }));
    }
  }, [callerPhone, draft.phoneEdited, draft.registered, draft.values.phone]);

  // A likely repeat is checked once the phone and the essence have settled for a moment.
  const [probe] = useDebouncedValue(`${draft.values.phone}\u0000${draft.values.essence}`, 700);
  const probeBody = useMemo(() => {
    const [phone, essence] = probe.split('\u0000');
    // The call's own appeal is no repeat of itself.
    const parsed = RepeatCheckBody.safeParse({ phone, essence, callId });
    return parsed.success && parsed.data.essence.length >= 10 ? parsed.data : null;
  }, [probe, callId]);
  const repeats = useQuery({
    queryKey: ['appeal-repeat-check', probeBody?.phone, probeBody?.essence, callId],
    queryFn: () => post<{ likelyRepeats: RepeatHint[] }>('/appeals/repeat-check', probeBody),
    enabled: probeBody !== null && !draft.registered,
    staleTime: 30_000,
    retry: false,
  });

  const focusFirst = (found: FieldErrors) => {
    const first = APPEAL_FORM_FIELDS.find((field) => found[field]);
    if (first) fieldRefs.current[first]?.focus();
  };

  const change = (field: AppealFormField, value: string) => {
    setDraft((current) => ({ ...current, values: { ...current.values, [field]: value }, phoneEdited: current.phoneEdited || field === 'phone' }));
    // A message goes away as soon as the field is right; new ones wait for the blur or the submit.
    if (errors[field]) setErrors((current) => ({ ...current, [field]: fieldError(field, value) }));
  };

  const blur = (field: AppealFormField) => {
    const value = draft.values[field];
    if (value.trim() || attempted) setErrors((current) => ({ ...current, [field]: fieldError(field, value) }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (pending) return;
    setAttempted(true);
    const checked = AppealBody.safeParse(requestBody(draft.values, callId));
    if (!checked.success) {
      const found: FieldErrors = {};
      for (const issue of checked.error.issues) {
        const field = String(issue.path[0] ?? '');
        if (isFormField(field)) found[field] ??= issue.message;
      }
      setErrors(found);
      const others = checked.error.issues.filter((issue) => !isFormField(String(issue.path[0] ?? '')));
      setFailure(others.length > 0 ? new ApiError(400, 'validation', others.map((issue) => issue.message).join('; ')) : null);
      focusFirst(found);
      if (Object.keys(found).length === 0) summaryRef.current?.focus();
      return;
    }
    setErrors({});
    setFailure(null);
    setPending(true);
    let keptFirstAttempt = false;
    try {
      let appeal: AppealDetail;
      try {
        appeal = await post<AppealDetail>('/appeals', checked.data, draft.idempotencyKey);
      } catch (error) {
        // The first attempt's answer was lost but it did register, and the operator has changed the
        // data since: that registered appeal is the one (its data is what the caller first gave).
        if (!(error instanceof ApiError && error.code === 'idempotency-key-reused' && draft.maybeSent)) throw error;
        appeal = await post<AppealDetail>('/appeals', draft.maybeSent, draft.idempotencyKey);
        keptFirstAttempt = true;
      }
      setDraft((current) => ({ ...current, registered: appeal, keptFirstAttempt }));
      void queryClient.invalidateQueries({ queryKey: ['appeals'] });
      onRegistered({ id: appeal.id, registrationNumber: appeal.registrationNumber, lookupCode: appeal.lookupCode, status: appeal.status });
    } catch (error) {
      // The call has its appeal already (registered from another tab): it shows in the form's place.
      if (error instanceof ApiError && error.code === 'call-has-appeal') void queryClient.invalidateQueries({ queryKey: ['appeals', 'call', callId] });
      if (error instanceof ApiError && error.status === 0) {
        setDraft((current) => (current.maybeSent ? current : { ...current, maybeSent: checked.data }));
      }
      const found: FieldErrors = {};
      if (error instanceof ApiError) {
        for (const fieldErrorItem of error.fieldErrors) {
          for (const path of fieldErrorItem.field.split(', ')) {
            const field = path.split('.').pop();
            if (isFormField(field)) found[field] ??= fieldErrorItem.message;
          }
        }
      }
      setErrors(found);
      // A refusal of fields only is said beside the fields; anything else is said as the server said it.
      const onlyFields = error instanceof ApiError && error.code === 'validation' && error.fieldErrors.length > 0
        && error.fieldErrors.every((item) => item.field.split(', ').every((path) => isFormField(path.split('.').pop())));
      setFailure(onlyFields ? null : error);
      if (Object.keys(found).length > 0) focusFirst(found);
      else summaryRef.current?.focus();
    } finally {
      setPending(false);
    }
  };

  if (draft.registered) return <Registered appeal={draft.registered} keptFirstAttempt={draft.keptFirstAttempt ?? false} />;
  // While an attempt whose answer was lost waits for its retry, the form stays: the retry tells
  // which data were registered (and whether later corrections were not).
  if (onCall.data && !draft.maybeSent) return <Registered appeal={onCall.data} keptFirstAttempt={false} />;
  if (onCall.isPending) return <Loading />;

  const errorCount = Object.values(errors).filter(Boolean).length;
  const likelyRepeats = probeBody && !draft.registered ? repeats.data?.likelyRepeats ?? [] : [];
  const text = (field: Exclude<AppealFormField, 'kind'>, label: string, options: { required?: boolean; description?: string; type?: string; autoComplete?: string } = {}) => (
    <TextInput
      ref={(element) => {
        fieldRefs.current[field] = element;
      }}
      label={label}
      description={options.description}
      required={options.required ?? true}
      type={options.type}
      autoComplete={options.autoComplete ?? 'off'}
      value={draft.values[field]}
      onChange={(event) => change(field, event.currentTarget.value)}
      onBlur={() => blur(field)}
      error={errors[field]}
      data-field={field}
    />
  );

  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-labelledby="appeal-form-title" style={READABLE_ERRORS}>
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4" id="appeal-form-title">{t.panels.appeal.title}</Title>
          <Text size="sm" c="dimmed">{t.panels.appeal.intro}</Text>
        </div>
        <div ref={summaryRef} tabIndex={-1} aria-live="assertive">
          {errorCount > 0 && !failure && <Alert color="red" p="xs">{t.panels.appeal.checkFields(errorCount)}</Alert>}
          {failure !== null && (
            <Alert color="red" title={t.panels.appeal.failedTitle} styles={READABLE_ALERT} role="alert">
              <Text size="sm">{errorText(failure)}</Text>
              {failure instanceof ApiError && failure.status !== 0 && <Text size="sm">{t.common.savedFormKept}</Text>}
            </Alert>
          )}
        </div>
        <SimpleGrid cols={3} spacing="xs">
          {text('surname', t.panels.appeal.surname, { autoComplete: 'off' })}
          {text('givenName', t.panels.appeal.givenName)}
          {text('patronymic', t.panels.appeal.patronymic)}
        </SimpleGrid>
        {text('residence', t.panels.appeal.residence, { description: t.panels.appeal.residenceHint })}
        <Textarea
          ref={(element) => {
            fieldRefs.current.essence = element;
          }}
          label={t.panels.appeal.essence}
          description={t.panels.appeal.essenceHint}
          required
          autosize
          minRows={3}
          maxRows={8}
          value={draft.values.essence}
          onChange={(event) => change('essence', event.currentTarget.value)}
          onBlur={() => blur('essence')}
          error={errors.essence}
          data-field="essence"
        />
        <Radio.Group
          label={t.panels.appeal.kind}
          required
          value={draft.values.kind}
          onChange={(value) => {
            change('kind', value);
            setErrors((current) => ({ ...current, kind: undefined }));
          }}
          error={errors.kind}
        >
          <SimpleGrid cols={3} spacing="xs" mt={6}>
            {APPEAL_KIND_KEYS.map((kind, index) => (
              <Radio
                key={kind}
                value={kind}
                label={kindLabel(kind, t.panels.appeal.kindGloss[kind])}
                ref={index === 0 ? (element) => {
                  fieldRefs.current.kind = element;
                } : undefined}
              />
            ))}
          </SimpleGrid>
        </Radio.Group>
        {text('phone', t.panels.appeal.phone, { description: t.panels.appeal.phoneHint, type: 'tel' })}
        {text('email', t.panels.appeal.email, { required: false, type: 'email', description: t.panels.appeal.emailHint })}
        <div aria-live="polite">
          {likelyRepeats.length > 0 && <RepeatWarning repeats={likelyRepeats} />}
        </div>
        <Group>
          <Button type="submit" loading={pending}>{t.panels.appeal.submit}</Button>
        </Group>
      </Stack>
    </form>
  );
}

/** «Скарга», or «скарга (complaint)» in English: the Standard's word first. */
function kindLabel(kind: AppealKind, gloss: string): string {
  const label = APPEAL_KINDS[kind];
  const capital = label.charAt(0).toUpperCase() + label.slice(1);
  return gloss ? `${capital} (${gloss})` : capital;
}

function RepeatWarning({ repeats }: { repeats: RepeatHint[] }) {
  const { t, formatDateTime } = useI18n();
  return (
    <Alert color="yellow" title={t.panels.appeal.repeatTitle} styles={READABLE_ALERT} data-testid="repeat-warning">
      <Stack gap={4}>
        <Text size="sm">{t.panels.appeal.repeatIntro}</Text>
        {repeats.map((repeat) => (
          <Text size="sm" fw={600} key={repeat.id}>
            {t.panels.appeal.repeatLine(repeat.registrationNumber, formatDateTime(repeat.registeredAt), APPEAL_KINDS[repeat.kind], t.panels.status[repeat.status])}
          </Text>
        ))}
        <Text size="sm">{t.panels.appeal.repeatNote}</Text>
      </Stack>
    </Alert>
  );
}

/** The call's appeal: its number and the applicant's code to dictate, its card, and its own page. */
function Registered({ appeal, keptFirstAttempt }: { appeal: AppealDetail; keptFirstAttempt: boolean }) {
  const { t } = useI18n();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    headingRef.current?.focus();
  }, []);
  return (
    <Paper withBorder p="md" radius="md" bg="green.0" role="region" aria-labelledby="appeal-registered-title" data-appeal-id={appeal.id}>
      <Stack gap="xs">
        <Title order={2} size="h4" id="appeal-registered-title" ref={headingRef} tabIndex={-1}>{t.panels.appeal.registeredTitle}</Title>
        <dl style={{ margin: 0 }}>
          <Text component="dt" size="sm">{t.panels.appeal.registrationNumber}</Text>
          <Text component="dd" m={0} fz="xl" fw={700} data-testid="registration-number">{appeal.registrationNumber}</Text>
          <Text component="dt" size="sm" mt="xs">{t.panels.appeal.lookupCode}</Text>
          <Text component="dd" m={0} fz="lg" fw={600} ff="monospace" data-testid="lookup-code">{appeal.lookupCode}</Text>
        </dl>
        <Text size="sm">{t.panels.appeal.lookupHint}</Text>
        {keptFirstAttempt && <Alert color="yellow" p="xs">{t.panels.appeal.firstAttemptKept}</Alert>}
        <Text size="sm">{t.panels.appeal.oneCallOneAppeal}</Text>
        <AppealFacts appeal={appeal} labels={t.panels.appeal} />
        <AppLink to={`/operator/appeals/${appeal.id}`} size="sm" fw={600}>{t.panels.appeal.openAppeal(appeal.registrationNumber)}</AppLink>
      </Stack>
    </Paper>
  );
}
