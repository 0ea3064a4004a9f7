//! Shift kinds and staff groups: the two vocabularies every rule is written in.

use std::fmt;

/// What a row of the rota is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A standard day.
    Day,
    /// A shift rostered for more than 10 hours in the day.
    LongDay,
    /// A night shift.
    Night,
    /// An evening shift.
    Twilight,
    /// On call.
    OnCall,
    /// Working but not clinical (SPA, admin).
    NonClinical,
    /// Teaching (working, not clinical).
    Teaching,
    /// Protected engagement time.
    Engagement,
    /// A rest or zero day.
    Rest,
    /// Annual or other leave.
    Leave,
    /// Study leave.
    StudyLeave,
}

impl Kind {
    /// Every kind, in the contract's order.
    pub const ALL: [Kind; 11] = [
        Kind::Day,
        Kind::LongDay,
        Kind::Night,
        Kind::Twilight,
        Kind::OnCall,
        Kind::NonClinical,
        Kind::Teaching,
        Kind::Engagement,
        Kind::Rest,
        Kind::Leave,
        Kind::StudyLeave,
    ];

    /// The name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Day => "day",
            Kind::LongDay => "long_day",
            Kind::Night => "night",
            Kind::Twilight => "twilight",
            Kind::OnCall => "on_call",
            Kind::NonClinical => "non_clinical",
            Kind::Teaching => "teaching",
            Kind::Engagement => "engagement",
            Kind::Rest => "rest",
            Kind::Leave => "leave",
            Kind::StudyLeave => "study_leave",
        }
    }

    /// Parses a file name of a kind (case-insensitive; `-` and spaces read as `_`).
    pub fn parse(s: &str) -> Option<Kind> {
        let norm = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        Kind::ALL.into_iter().find(|k| k.as_str() == norm)
    }

    /// Clinical duty: what cover counts.
    pub fn is_clinical(self) -> bool {
        matches!(
            self,
            Kind::Day | Kind::LongDay | Kind::Night | Kind::Twilight | Kind::OnCall
        )
    }

    /// Working time: what `rostered_hours` sums.
    pub fn is_working(self) -> bool {
        !matches!(self, Kind::Rest | Kind::Leave | Kind::StudyLeave)
    }

    /// Rest, leave and study leave: whole-day absences when untimed.
    pub fn is_absence(self) -> bool {
        !self.is_working()
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The staff groups the contract counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StaffGroup {
    /// Resident (formerly junior) doctors and locally employed doctors.
    Resident,
    /// Specialty and associate specialist doctors.
    Sas,
    /// Consultants.
    Consultant,
    /// Anyone else.
    Other,
}

impl StaffGroup {
    /// Every group.
    pub const ALL: [StaffGroup; 4] = [
        StaffGroup::Resident,
        StaffGroup::Sas,
        StaffGroup::Consultant,
        StaffGroup::Other,
    ];

    /// The name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            StaffGroup::Resident => "resident",
            StaffGroup::Sas => "sas",
            StaffGroup::Consultant => "consultant",
            StaffGroup::Other => "other",
        }
    }

    /// Parses a group name (case-insensitive).
    pub fn parse(s: &str) -> Option<StaffGroup> {
        let norm = s.trim().to_ascii_lowercase();
        StaffGroup::ALL.into_iter().find(|g| g.as_str() == norm)
    }

    /// Index into per-group arrays.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Infers the group from the usual NHS grade names, or `None` when the grade is unknown.
    pub fn from_grade(grade: &str) -> Option<StaffGroup> {
        let g: String = grade
            .to_ascii_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        let numbered = |prefix: &str| {
            g.strip_prefix(prefix)
                .is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()))
        };
        let resident = [
            "fy1",
            "fy2",
            "f1",
            "f2",
            "spr",
            "str",
            "led",
            "trustgrade",
            "sho",
            "cmt",
            "reg",
            "las",
            "lat",
            "gp",
            "gpr",
            "gpvts",
            "gptrainee",
            "trustdoctor",
            "jcf",
            "scf",
            "fellow",
        ]
        .contains(&g.as_str())
            || [
                "ct", "st", "imt", "acct", "hst", "fy", "f", "gpst", "gpstr", "cmt", "ist",
            ]
            .iter()
            .any(|p| numbered(p))
            || g.starts_with("foundation")
            || g.starts_with("clinicalfellow")
            || g.ends_with("clinicalfellow")
            || g.starts_with("researchfellow")
            || g.starts_with("teachingfellow")
            || g.starts_with("trustdoctor")
            || g.starts_with("juniordoctor")
            || g.starts_with("trustgrade")
            || g.starts_with("locallyemployed")
            || g.starts_with("registrar")
            || g.starts_with("coretrainee")
            || g.starts_with("specialtyregistrar")
            || g.starts_with("residentdoctor")
            || g.ends_with("fellow")
            // A training grade among other words: a programme before it ("ACCS CT1", "EM
            // ST4", "Paed ST1", "Comm F1"), initials or a post after it ("SpR QX", "GP Psych
            // - Tues", "Tr Dr F1"); not one in brackets or after a dash, which a name
            // carries ("Amy Bell (F2)", "Raj Patel - ST3").
            || grade
                .split(['(', '['])
                .next()
                .and_then(|g| g.split(" - ").next())
                .unwrap_or("")
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .enumerate()
                .any(|(i, w)| {
                    // "Paed ST", "EM ST": a specialty trainee without the year, after its
                    // programme, in capitals (a name's "St John" is not; "ST" alone says too
                    // little).
                    if i > 0 && w == "ST" {
                        return true;
                    }
                    let w = w.to_ascii_lowercase();
                    ["accs", "spr", "sho", "cmt", "gp", "gpst", "gpvts", "led", "imt"]
                        .contains(&w.as_str())
                        || ["ct", "st", "fy", "f", "imt", "gpst"].iter().any(|p| {
                            w.strip_prefix(p).is_some_and(|rest| {
                                !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit())
                            })
                        })
                });
        if resident {
            return Some(StaffGroup::Resident);
        }
        let sas = g.starts_with("specialtydoctor")
            || g.starts_with("specialitydoctor")
            || g == "specialist"
            || g.starts_with("associatespecialist")
            || g.starts_with("staffgrade")
            || g == "sas"
            || g.starts_with("sasdoctor");
        if sas {
            return Some(StaffGroup::Sas);
        }
        if g.starts_with("consultant") {
            return Some(StaffGroup::Consultant);
        }
        None
    }
}

impl fmt::Display for StaffGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_infer_groups() {
        #[track_caller]
        fn case(grade: &str, group: Option<StaffGroup>) {
            assert_eq!(StaffGroup::from_grade(grade), group, "{grade}");
        }
        use StaffGroup::*;
        for g in [
            "FY1", "FY2", "F1", "CT1", "CT3", "ST1", "ST8", "SpR", "StR", "LED",
        ] {
            case(g, Some(Resident));
        }
        case("Trust grade", Some(Resident));
        case("IMT2", Some(Resident));
        case("ACCS CT1", Some(Resident));
        case("EM ST4", Some(Resident));
        case("ICM-ST3", Some(Resident));
        for g in [
            "CMT",
            "F2",
            "F3",
            "GP ST1",
            "GPVTS",
            "Clinical Fellow",
            "Trust Doctor",
            "Reg",
            "SHO",
            "LAS",
            "LAT",
            "Senior Clinical Fellow",
            "GP",
        ] {
            case(g, Some(Resident));
        }
        // As trusts write them.
        for g in [
            "ACCS",
            "SpR QX",
            "Paed ST1",
            "Paed ST",
            "GP ST",
            "ED Fellow",
            "Comm F1",
            "Comm F1 QXZ",
            "GP Psych - Tues",
            "Tr Dr F1",
            "F3 ",
        ] {
            case(g, Some(Resident));
        }
        case("Amy Bell (F2)", None);
        case("Raj Patel - ST3", None);
        case("Specialty Doctor", Some(Sas));
        case("Specialist", Some(Sas));
        case("Associate Specialist", Some(Sas));
        case("Staff Grade", Some(Sas));
        case("Consultant", Some(Consultant));
        case("Matron", None);
        case("ST", None);
        case("Mary St John", None);
    }

    #[test]
    fn kinds_parse_and_classify() {
        assert_eq!(Kind::parse("Long-Day"), Some(Kind::LongDay));
        assert_eq!(Kind::parse("on call"), Some(Kind::OnCall));
        assert_eq!(Kind::parse("nap"), None);
        assert!(Kind::Night.is_clinical());
        assert!(!Kind::NonClinical.is_clinical());
        assert!(Kind::NonClinical.is_working());
        assert!(!Kind::StudyLeave.is_working());
    }
}
