import { useState, type FormEvent } from 'react';
import { TldrawUiButton, TldrawUiButtonLabel } from 'tldraw';
import type { InputProblem } from '../../../shared/src/index.ts';
import { describeError } from '../api/apiClient.ts';
import { format } from '../journey/journeyMessages.ts';
import { FileField } from './FileField.tsx';
import { importTable, uploadMetricTable, type UploadOutcome } from './liveDataApi.ts';
import { useLiveDataMessages, type LiveDataMessages } from './liveDataMessages.ts';

type Status = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; text: string } | { kind: 'rejected'; message: string; problems: InputProblem[] } | { kind: 'failed'; reason: string };

function ProblemList({ t, message, problems }: { t: LiveDataMessages; message: string; problems: InputProblem[] }) {
  return (
    <div role="alert" data-testid="upload-problems">
      <p className="jb-livedata-hint">{format(t.rejected, { message })}</p>
      <ul className="jb-livedata-problems">
        {problems.map((problem, i) => (
          <li key={i} data-testid="upload-problem" data-line={problem.line}>
            {problem.line !== undefined ? `${format(t.line, { line: problem.line })}: ` : problem.index !== undefined ? `${format(t.entry, { index: problem.index + 1 })}: ` : ''}
            {problem.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

function StatusView({ t, status }: { t: LiveDataMessages; status: Status }) {
  if (status.kind === 'done') return <p className="jb-livedata-ok" role="status" data-testid="upload-done">{status.text}</p>;
  if (status.kind === 'rejected') return <ProblemList t={t} message={status.message} problems={status.problems} />;
  if (status.kind === 'failed') return <p role="alert" className="jb-livedata-problems">{format(t.failed, { reason: status.reason })}</p>;
  return null;
}

/** Runs one upload and turns its outcome into what the dialog shows. */
function useUpload<T>(describe: (result: T) => string): [Status, (run: () => Promise<UploadOutcome<T>>) => Promise<void>] {
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const start = async (run: () => Promise<UploadOutcome<T>>) => {
    setStatus({ kind: 'busy' });
    try {
      const outcome = await run();
      setStatus(outcome.ok ? { kind: 'done', text: describe(outcome.result) } : { kind: 'rejected', message: outcome.message, problems: outcome.problems });
    } catch (error) {
      setStatus({ kind: 'failed', reason: describeError(error) });
    }
  };
  return [status, start];
}

/** A CSV or XLSX file becomes a journey map on the board (server-side, one change for everyone). */
export function ImportSection({ boardId }: { boardId: string }) {
  const t = useLiveDataMessages();
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState('');
  const [status, start] = useUpload((r: { title: string; stages: number; lanes: number; cards: number }) => format(t.imported, r));
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (file) void start(() => importTable(boardId, file, title));
  };
  return (
    <section aria-label={t.importMap}>
      <h3>{t.importMap}</h3>
      <p className="jb-livedata-hint">{t.importHint}</p>
      <form className="jb-livedata-row" onSubmit={submit}>
        <label>
          {t.importTitle}
          <input data-testid="import-title" value={title} maxLength={500} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <FileField t={t} label={t.importFile} accept=".csv,.xlsx,text/csv" file={file} onChange={setFile} testId="import-file" />
        <TldrawUiButton type="primary" data-testid="import-submit" disabled={!file || status.kind === 'busy'} onClick={() => submit()}>
          <TldrawUiButtonLabel>{t.importSubmit}</TldrawUiButtonLabel>
        </TldrawUiButton>
      </form>
      <StatusView t={t} status={status} />
    </section>
  );
}

/** The same as POST /metrics with a CSV body: values appear on their cards as badges. */
export function MetricsUploadSection({ boardId }: { boardId: string }) {
  const t = useLiveDataMessages();
  const [file, setFile] = useState<File | null>(null);
  const [status, start] = useUpload((r: { recorded: number }) => format(t.metricsRecorded, { count: r.recorded }));
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (file) void start(() => uploadMetricTable(boardId, file));
  };
  return (
    <section aria-label={t.uploadMetrics}>
      <h3>{t.uploadMetrics}</h3>
      <p className="jb-livedata-hint">{t.metricsHint}</p>
      <form className="jb-livedata-row" onSubmit={submit}>
        <FileField t={t} label={t.importFile} accept=".csv,text/csv" file={file} onChange={setFile} testId="metrics-file" />
        <TldrawUiButton type="primary" data-testid="metrics-submit" disabled={!file || status.kind === 'busy'} onClick={() => submit()}>
          <TldrawUiButtonLabel>{t.metricsSubmit}</TldrawUiButtonLabel>
        </TldrawUiButton>
      </form>
      <StatusView t={t} status={status} />
    </section>
  );
}
