import type { Locale } from '../../../shared/src/index.ts';
import { useLocalized } from '../i18n/useMessages.ts';

/** Strings of the template gallery and the workshop canvases; the English table defines the keys. */
const en = {
  openGallery: 'Template gallery…',
  galleryTitle: 'Template gallery',
  galleryIntro: 'Pick a canvas for the workshop. It is placed in the middle of your view; one undo removes it.',
  place: 'Place',
  journeyMapPreset: 'Journey map: {name}',
  personaCard: 'Persona card',
  personaCardDescription: 'A compact card with the persona fields; link a journey map to it.',
  empathyMapDescription: 'Persona in the centre: what they say, think, do and feel; pains and gains.',
  jobsToBeDoneDescription: 'Job statement (when, I want to, so that), functional, emotional and social jobs, need points. Link need points to touchpoints with arrows.',
  personaCanvasDescription: 'Demographics, job and career, pain points, values and goals, information behaviour. Journey maps can link to it.',
  stakeholderMapDescription: 'The customer in the centre; direct, indirect and external stakeholders on rings. Label arrows with what each provides.',
  canvasHint: 'Drop sticky notes into the regions',
  canvasesTitle: 'Workshop canvases',
  links: 'Links',
  providesLinks: '{count} provides arrows',
  needLinks: '{count} need points linked to touchpoints',
};

export type TemplateMessages = typeof en;

const de = {
  openGallery: 'Vorlagengalerie …',
  galleryTitle: 'Vorlagengalerie',
  galleryIntro: 'Wähle eine Vorlage für den Workshop: Du findest sie in der Mitte deiner Ansicht, und einmal Rückgängig entfernt sie wieder.',
  place: 'Einfügen',
  journeyMapPreset: 'Journey Map: {name}',
  personaCard: 'Persona-Karte',
  personaCardDescription: 'Eine kompakte Karte mit den Persona-Feldern; eine Journey Map kann auf sie verweisen.',
  empathyMapDescription: 'Die Persona in der Mitte: was sie sagt, denkt, tut und fühlt; Pains und Gains.',
  jobsToBeDoneDescription: 'Job Statement (wenn, möchte ich, damit), funktionale, emotionale und soziale Jobs, Bedürfnispunkte. Verbinde Bedürfnispunkte per Pfeil mit Touchpoints.',
  personaCanvasDescription: 'Demografie, Beruf und Karriere, Schmerzpunkte, Werte und Ziele, Informationsverhalten. Journey Maps können auf sie verweisen.',
  stakeholderMapDescription: 'Der Kunde in der Mitte; direkte, indirekte und externe Stakeholder auf Ringen. Beschrifte Pfeile mit dem, was jeder liefert.',
  canvasHint: 'Haftnotizen in die Bereiche ziehen',
  canvasesTitle: 'Workshop-Canvases',
  links: 'Verbindungen',
  providesLinks: '{count} Liefer-Pfeile',
  needLinks: '{count} Bedürfnispunkte mit Touchpoints verbunden',
} satisfies TemplateMessages;

export const TEMPLATE_MESSAGES: Record<Locale, TemplateMessages> = { en, de };

export function useTemplateMessages(): TemplateMessages {
  return useLocalized(TEMPLATE_MESSAGES);
}
