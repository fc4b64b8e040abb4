/**
 * Common words of each supported language, left out of matching: they say how a question is
 * asked, not what it is about. Written folded (lower case, no accents), as {@link fold} leaves
 * text. English also lists the filler of support messages ("hi", "please", "help", "question"),
 * which would otherwise make every greeting look like a partial match, and what is left of
 * contractions once split at the apostrophe ("don't" → "don").
 */
export const STOP_WORDS = {
  en: `a about after again all also am an and any are as at be been before being but by can cannot could
    did do does doing dont for from get got had has have having he hello her here hey hi him his how i if
    im in into is it its ive just know let like me might more most my need no not now of on one or other
    our out please question questions should so some still such tell than thank thanks that the their them
    then there these they this those to too up us very want was way we were what when where which who why
    will with would you your
    aren couldn didn doesn don hasn haven isn ll re shouldn ve wasn weren won wouldn`,
  de: `aber alle als also am an auch auf aus bei bin bis bitte bzw da damit dann das dass dem den der des
    dich die dir doch du ein eine einem einen einer eines er es etwas fur gibt hab habe haben hallo hat
    hatte ich ihr im in ist ja kann kannst konnen konnte man mein meine meinem meinen meiner mich mir mit
    muss nach nicht noch nur ob oder schon sein sich sie sind so uber um und uns unser von vom war was
    wenn wer wie wieso wir wird wo zu zum zur`,
  fr: `a afin ai au aussi aux avec avez avoir bonjour ce cela ces cest comme comment dans de des du elle
    en est et etre faire faut il ils je jai la le les leur lui ma mais me merci mes moi mon ne nous on ou
    par pas peut peux plus pour pourquoi pouvez puis quand que quel quelle qui sa se ses si sil son sont
    sur svp ta te tes toi ton tu un une vos votre vous y`,
  es: `a al algo como con cual cuando de del donde el ella en es esta estan este esto gracias ha hay hola
    la las le les lo los me mi mis muy no nos o para pero por porque puedo puede que quiero se si sin
    su sus te tengo tu un una uno y ya yo`,
  nl: `aan al als bij dan dat de die dit doe doen een en er heb hebben het hoe hoi ik in is je jij kan kun
    kunnen maar me mij mijn met na naar niet nog of om ons ook op over te tot u uw van voor waar wanneer
    wat we welke wij wil zijn zo`,
} as const;

/** A language whose common words the bot knows (`languages` setting). */
export type Language = keyof typeof STOP_WORDS;

/** The common words of the given languages, as one set. */
export function stopWordsOf(languages: readonly Language[]): ReadonlySet<string> {
  return new Set(languages.flatMap((language) => STOP_WORDS[language].split(/\s+/).filter(Boolean)));
}
