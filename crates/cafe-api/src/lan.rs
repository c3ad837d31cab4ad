//! LAN mode, as the facilitator sees it: switching the phone server on and off, choosing its address and port,
//! each table's join link with its QR code, replacing a table's link, and printable table cards.
//!
//! Running a server needs an async runtime, which the API does not own: whoever does (the desktop shell) hands the
//! API a [`LanSwitch`]. Without one (the CLI's commands), LAN mode reports itself off and cannot be switched on —
//! the CLI has `cafe serve` instead.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use cafe_report::qr::QrMatrix;
use cafe_report::table_cards::{TableCard, TableCards, table_cards_pdf};
use cafe_store::{Action, Change, Entity};
use uuid::Uuid;

use crate::convert::id;
use crate::dto::*;
use crate::{Api, ApiError, ErrorCode};

/// The port a café's phone server listens on unless the facilitator picks another.
pub const DEFAULT_PORT: u16 = 8765;

const ADDRESS_KEY: &str = "lan.address";
const PORT_KEY: &str = "lan.port";

/// Starts and stops the phone server. Implemented by `cafe-server` on the desktop shell's runtime.
pub trait LanSwitch: Send + Sync {
    /// This computer's addresses that phones on the venue's network can reach (no loopback).
    fn addresses(&self) -> Vec<IpAddr>;
    /// Serves `cafe_id`'s tables on `bind`, stopping a server already running; returns where it listens.
    fn start(&self, api: Api, cafe_id: Uuid, bind: SocketAddr) -> Result<SocketAddr, ApiError>;
    /// Stops the server if one runs.
    fn stop(&self);
    /// The café served and where, if the server runs.
    fn running(&self) -> Option<(Uuid, SocketAddr)>;
}

/// The join link of a table: the phone page with the table's token after `#`, so that the token never travels in
/// a `Referer` header or lands in a log as part of a path.
pub fn join_url(base: &str, token: &str) -> String {
    format!("{}/join#{token}", base.trim_end_matches('/'))
}

/// `http://ADDRESS:PORT` (IPv6 addresses in brackets).
pub fn base_url(addr: SocketAddr) -> String {
    format!("http://{addr}")
}

fn qr(url: &str) -> Result<QrMatrix, ApiError> {
    QrMatrix::encode(url)
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("cannot draw the QR code: {e}")))
}

impl Api {
    /// The switch the desktop shell provides; without it LAN mode stays off.
    pub fn with_lan(mut self, lan: std::sync::Arc<dyn LanSwitch>) -> Api {
        self.lan = Some(lan);
        self
    }

    fn lan_addresses(&self) -> Vec<IpAddr> {
        self.lan.as_ref().map(|l| l.addresses()).unwrap_or_default()
    }

    /// The address and port stored as the facilitator's choice, falling back to the first LAN address (or
    /// loopback when the computer has none) and the default port.
    fn lan_choice(&self) -> Result<(IpAddr, u16), ApiError> {
        let (address, port) = self
            .store
            .read(|r| Ok((r.meta(ADDRESS_KEY)?, r.meta(PORT_KEY)?)))?;
        let choices = self.lan_addresses();
        let address = address
            .and_then(|a| a.parse::<IpAddr>().ok())
            .filter(|a| choices.contains(a) || a.is_loopback())
            .or_else(|| choices.first().copied())
            .unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
        let port = port
            .and_then(|p| p.parse::<u16>().ok())
            .filter(|p| *p != 0)
            .unwrap_or(DEFAULT_PORT);
        Ok((address, port))
    }

    /// Each table's join link under `base` (`http://ADDRESS:PORT`).
    pub fn table_links(&self, cafe_id: Uuid, base: &str) -> Result<Vec<TableLink>, ApiError> {
        let (tables, tokens) = self
            .store
            .read(|r| Ok((r.tables(cafe_id)?, r.table_tokens(cafe_id)?)))?;
        tables
            .iter()
            .filter_map(|t| {
                let token = tokens.iter().find(|(id, _)| *id == t.id)?;
                Some((t, &token.1))
            })
            .map(|(t, token)| {
                let url = join_url(base, token);
                let code = qr(&url)?;
                Ok(TableLink {
                    table_id: t.id.to_string(),
                    name: t.name.clone(),
                    topic: t.topic.clone(),
                    qr_path: code.svg_path(),
                    qr_size: code.width,
                    url,
                })
            })
            .collect()
    }

    pub fn get_lan(&self, req: ById) -> Result<LanStatus, ApiError> {
        let cafe_id = id(&req.id, "id")?;
        self.store.read(|r| r.cafe(cafe_id))?;
        let running = self.lan.as_ref().and_then(|l| l.running());
        let (address, port) = match running {
            Some((served, addr)) if served == cafe_id => (addr.ip(), addr.port()),
            _ => self.lan_choice()?,
        };
        let on_elsewhere = match running {
            Some((served, _)) if served != cafe_id => {
                Some(self.store.read(|r| r.cafe(served))?.details.title)
            }
            _ => None,
        };
        let base = base_url(SocketAddr::new(address, port));
        Ok(LanStatus {
            cafe_id: cafe_id.to_string(),
            on: running.is_some_and(|(served, _)| served == cafe_id),
            on_elsewhere,
            address: address.to_string(),
            port,
            addresses: self
                .lan_addresses()
                .iter()
                .map(ToString::to_string)
                .collect(),
            tables: self.table_links(cafe_id, &base)?,
        })
    }

    pub fn set_lan(&self, req: SetLan) -> Result<LanStatus, ApiError> {
        let cafe_id = id(&req.cafe_id, "cafe_id")?;
        self.store.read(|r| r.cafe(cafe_id))?;
        let address = match req.address.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(a) => Some(a.parse::<IpAddr>().map_err(|_| ApiError {
                field: Some("address".into()),
                ..ApiError::new(
                    ErrorCode::InvalidInput,
                    format!("\"{a}\" is not an IP address."),
                )
            })?),
        };
        if let Some(a) = address
            && !self.lan_addresses().contains(&a)
            && !a.is_loopback()
        {
            return Err(ApiError {
                field: Some("address".into()),
                ..ApiError::new(
                    ErrorCode::InvalidInput,
                    format!("{a} is not an address of this computer."),
                )
            });
        }
        if req.port.is_some_and(|p| p < 1024) {
            return Err(ApiError {
                field: Some("port".into()),
                ..ApiError::new(
                    ErrorCode::InvalidInput,
                    "Choose a port from 1024 to 65535 (lower ones need administrator rights).",
                )
            });
        }
        if address.is_some() || req.port.is_some() {
            self.store.write(|w| {
                if let Some(a) = address {
                    w.set_meta(ADDRESS_KEY, &a.to_string())?;
                }
                if let Some(p) = req.port {
                    w.set_meta(PORT_KEY, &p.to_string())?;
                }
                Ok(())
            })?;
        }
        let lan = self.lan.clone();
        match (&lan, req.on) {
            (Some(lan), true) => {
                let (address, port) = self.lan_choice()?;
                lan.start(self.clone(), cafe_id, SocketAddr::new(address, port))?;
            }
            (Some(lan), false) => {
                // Off for this café: a server running for another café is left alone.
                if let Some((served, _)) = lan.running()
                    && served == cafe_id
                {
                    lan.stop();
                    self.store.notify(&[lan_change(served)]);
                }
            }
            (None, true) => {
                return Err(ApiError::new(
                    ErrorCode::Conflict,
                    "LAN mode runs in the desktop app; from the command line use `cafe serve`.",
                ));
            }
            (None, false) => {}
        }
        if req.on {
            self.store.notify(&[lan_change(cafe_id)]);
        }
        self.get_lan(ById { id: req.cafe_id })
    }

    /// Gives a table a new join link; the old one stops working at once.
    pub fn regenerate_table_link(&self, req: ById) -> Result<LanStatus, ApiError> {
        let table_id = id(&req.id, "id")?;
        let cafe_id = self.store.write(|w| {
            w.set_table_token(table_id)?;
            w.table_cafe(table_id)
        })?;
        self.get_lan(ById {
            id: cafe_id.to_string(),
        })
    }

    pub fn export_table_cards(&self, req: ExportTableCards) -> Result<ExportedFile, ApiError> {
        let cafe_id = id(&req.cafe_id, "cafe_id")?;
        crate::export::check_extension(&req.path, "pdf")?;
        let status = self.get_lan(ById {
            id: req.cafe_id.clone(),
        })?;
        let title = self.store.read(|r| r.cafe(cafe_id))?.details.title;
        if status.tables.is_empty() {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                "This café has no tables yet — add them first.",
            ));
        }
        let cards = TableCards {
            cafe_title: title,
            cards: status
                .tables
                .into_iter()
                .map(|t| TableCard {
                    table: t.name,
                    topic: t.topic,
                    url: t.url,
                })
                .collect(),
        };
        let paper = crate::export::paper(req.paper);
        let bytes = table_cards_pdf(&cards, paper)
            .map_err(|e| ApiError::new(ErrorCode::Internal, format!("cannot make the PDF: {e}")))?;
        crate::export::write_file(&req.path, &bytes)
    }
}

/// The change that tells windows LAN mode of `cafe_id` was switched.
pub fn lan_change(cafe_id: Uuid) -> Change {
    Change {
        cafe_id,
        entity: Entity::Lan,
        action: Action::Updated,
    }
}
