export type Json =
  | string
  | number
  | boolean
  | null
  | { [key: string]: Json | undefined }
  | Json[]

export type Database = {
  // Allows to automatically instantiate createClient with right options
  // instead of createClient<Database, { PostgrestVersion: 'XX' }>(URL, KEY)
  __InternalSupabase: {
    PostgrestVersion: "14.1"
  }
  public: {
    Tables: {
      access_token_hook_runs: {
        Row: { ran_at: string; session_id: string; user_id: string }
        Insert: { ran_at: string; session_id: string; user_id: string }
        Update: { ran_at?: string; session_id?: string; user_id?: string }
        Relationships: []
      }
      agent_status: {
        Row: {
          agent_id: string
          last_seen_at: string | null
          open_tickets: number
          status: Database["public"]["Enums"]["agent_availability"]
        }
        Insert: {
          agent_id: string
          last_seen_at?: string | null
          open_tickets?: number
          status?: Database["public"]["Enums"]["agent_availability"]
        }
        Update: {
          agent_id?: string
          last_seen_at?: string | null
          open_tickets?: number
          status?: Database["public"]["Enums"]["agent_availability"]
        }
        Relationships: [
          {
            foreignKeyName: "agent_status_agent_id_fkey"
            columns: ["agent_id"]
            isOneToOne: true
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      app_settings: {
        Row: {
          business_name: string
          id: boolean
          require_staff_mfa: boolean
          support_email: string
          updated_at: string
          updated_by: string | null
        }
        Insert: {
          business_name?: string
          id?: boolean
          require_staff_mfa?: boolean
          support_email?: string
          updated_at?: string
          updated_by?: string | null
        }
        Update: {
          business_name?: string
          id?: boolean
          require_staff_mfa?: boolean
          support_email?: string
          updated_at?: string
          updated_by?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "app_settings_updated_by_fkey"
            columns: ["updated_by"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      attachments: {
        Row: {
          activity_id: number | null
          content_type: string
          created_at: string
          draft: boolean
          file_name: string
          id: string
          object_path: string
          size_bytes: number
          ticket_id: number
          uploader_id: string | null
        }
        Insert: {
          activity_id?: number | null
          content_type: string
          created_at?: string
          draft?: boolean
          file_name: string
          id?: string
          object_path: string
          size_bytes: number
          ticket_id: number
          uploader_id?: string | null
        }
        Update: {
          activity_id?: number | null
          content_type?: string
          created_at?: string
          draft?: boolean
          file_name?: string
          id?: string
          object_path?: string
          size_bytes?: number
          ticket_id?: number
          uploader_id?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "attachments_activity_id_ticket_id_fkey"
            columns: ["activity_id", "ticket_id"]
            isOneToOne: false
            referencedRelation: "ticket_activities"
            referencedColumns: ["id", "ticket_id"]
          },
          {
            foreignKeyName: "attachments_ticket_id_fkey"
            columns: ["ticket_id"]
            isOneToOne: false
            referencedRelation: "tickets"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "attachments_uploader_id_fkey"
            columns: ["uploader_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      audit_log: {
        Row: {
          action: string
          actor_id: string | null
          actor_label: string
          at: string
          id: number
          new_values: Json | null
          old_values: Json | null
          target_id: string | null
          target_label: string
          target_table: string
        }
        Insert: {
          action: string
          actor_id?: string | null
          actor_label: string
          at?: string
          id?: never
          new_values?: Json | null
          old_values?: Json | null
          target_id?: string | null
          target_label?: string
          target_table: string
        }
        Update: {
          action?: string
          actor_id?: string | null
          actor_label?: string
          at?: string
          id?: never
          new_values?: Json | null
          old_values?: Json | null
          target_id?: string | null
          target_label?: string
          target_table?: string
        }
        Relationships: []
      }
      automation_rules: {
        Row: {
          actions: Json
          calendar_id: string | null
          conditions: Json
          created_at: string
          description: string
          event: string
          id: string
          is_active: boolean
          name: string
          position: number
          schedule: Json | null
          updated_at: string
        }
        Insert: {
          actions: Json
          calendar_id?: string | null
          conditions?: Json
          created_at?: string
          description?: string
          event: string
          id?: string
          is_active?: boolean
          name: string
          position?: number
          schedule?: Json | null
          updated_at?: string
        }
        Update: {
          actions?: Json
          calendar_id?: string | null
          conditions?: Json
          created_at?: string
          description?: string
          event?: string
          id?: string
          is_active?: boolean
          name?: string
          position?: number
          schedule?: Json | null
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "automation_rules_calendar_id_fkey"
            columns: ["calendar_id"]
            isOneToOne: false
            referencedRelation: "business_calendars"
            referencedColumns: ["id"]
          },
        ]
      }
      business_calendars: {
        Row: {
          created_at: string
          holiday_dates: string[]
          holidays: Json
          id: string
          is_default: boolean
          name: string
          opening_hours: Json
          time_zone: string
          updated_at: string
          week_minutes: number[]
        }
        Insert: {
          created_at?: string
          holiday_dates?: string[]
          holidays?: Json
          id?: string
          is_default?: boolean
          name: string
          opening_hours: Json
          time_zone: string
          updated_at?: string
          week_minutes?: number[]
        }
        Update: {
          created_at?: string
          holiday_dates?: string[]
          holidays?: Json
          id?: string
          is_default?: boolean
          name?: string
          opening_hours?: Json
          time_zone?: string
          updated_at?: string
          week_minutes?: number[]
        }
        Relationships: []
      }
      email_outbox: {
        Row: {
          activity_id: number | null
          attempts: number
          created_at: string
          data: Json
          id: number
          last_error: string | null
          lease_expires_at: string | null
          message_id: string | null
          next_attempt_at: string
          recipient_id: string | null
          sent_at: string | null
          status: Database["public"]["Enums"]["email_status"]
          template: Database["public"]["Enums"]["email_template"]
          ticket_id: number | null
          to_email: string
          to_name: string
          updated_at: string
        }
        Insert: {
          activity_id?: number | null
          attempts?: number
          created_at?: string
          data?: Json
          id?: never
          last_error?: string | null
          lease_expires_at?: string | null
          message_id?: string | null
          next_attempt_at?: string
          recipient_id?: string | null
          sent_at?: string | null
          status?: Database["public"]["Enums"]["email_status"]
          template: Database["public"]["Enums"]["email_template"]
          ticket_id?: number | null
          to_email: string
          to_name?: string
          updated_at?: string
        }
        Update: {
          activity_id?: number | null
          attempts?: number
          created_at?: string
          data?: Json
          id?: never
          last_error?: string | null
          lease_expires_at?: string | null
          message_id?: string | null
          next_attempt_at?: string
          recipient_id?: string | null
          sent_at?: string | null
          status?: Database["public"]["Enums"]["email_status"]
          template?: Database["public"]["Enums"]["email_template"]
          ticket_id?: number | null
          to_email?: string
          to_name?: string
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "email_outbox_activity_id_fkey"
            columns: ["activity_id"]
            isOneToOne: false
            referencedRelation: "ticket_activities"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "email_outbox_recipient_id_fkey"
            columns: ["recipient_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "email_outbox_ticket_id_fkey"
            columns: ["ticket_id"]
            isOneToOne: false
            referencedRelation: "tickets"
            referencedColumns: ["id"]
          },
        ]
      }
      invitations: {
        Row: {
          accepted_at: string | null
          created_at: string
          email: string
          expires_at: string
          id: string
          invited_by: string | null
          role: Database["public"]["Enums"]["user_role"]
          team_id: string | null
          user_id: string | null
        }
        Insert: {
          accepted_at?: string | null
          created_at?: string
          email: string
          expires_at?: string
          id?: string
          invited_by?: string | null
          role: Database["public"]["Enums"]["user_role"]
          team_id?: string | null
          user_id?: string | null
        }
        Update: {
          accepted_at?: string | null
          created_at?: string
          email?: string
          expires_at?: string
          id?: string
          invited_by?: string | null
          role?: Database["public"]["Enums"]["user_role"]
          team_id?: string | null
          user_id?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "invitations_invited_by_fkey"
            columns: ["invited_by"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "invitations_team_id_fkey"
            columns: ["team_id"]
            isOneToOne: false
            referencedRelation: "teams"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "invitations_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      kb_article_stats: {
        Row: {
          article_id: number
          deflections: number
          helpful: number
          not_helpful: number
          views: number
        }
        Insert: {
          article_id: number
          deflections?: number
          helpful?: number
          not_helpful?: number
          views?: number
        }
        Update: {
          article_id?: number
          deflections?: number
          helpful?: number
          not_helpful?: number
          views?: number
        }
        Relationships: [
          {
            foreignKeyName: "kb_article_stats_article_id_fkey"
            columns: ["article_id"]
            isOneToOne: true
            referencedRelation: "kb_articles"
            referencedColumns: ["id"]
          },
        ]
      }
      kb_articles: {
        Row: {
          author_id: string | null
          body: string
          category_id: string
          created_at: string
          document: unknown
          id: number
          published_at: string | null
          slug: string
          status: Database["public"]["Enums"]["kb_article_status"]
          tags: string[]
          title: string
          updated_at: string
          visibility: Database["public"]["Enums"]["kb_visibility"]
        }
        Insert: {
          author_id?: string | null
          body?: string
          category_id: string
          created_at?: string
          document?: unknown
          id?: never
          published_at?: string | null
          slug: string
          status?: Database["public"]["Enums"]["kb_article_status"]
          tags?: string[]
          title: string
          updated_at?: string
          visibility?: Database["public"]["Enums"]["kb_visibility"]
        }
        Update: {
          author_id?: string | null
          body?: string
          category_id?: string
          created_at?: string
          document?: unknown
          id?: never
          published_at?: string | null
          slug?: string
          status?: Database["public"]["Enums"]["kb_article_status"]
          tags?: string[]
          title?: string
          updated_at?: string
          visibility?: Database["public"]["Enums"]["kb_visibility"]
        }
        Relationships: [
          {
            foreignKeyName: "kb_articles_author_id_fkey"
            columns: ["author_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "kb_articles_category_id_fkey"
            columns: ["category_id"]
            isOneToOne: false
            referencedRelation: "kb_categories"
            referencedColumns: ["id"]
          },
        ]
      }
      kb_categories: {
        Row: {
          created_at: string
          description: string
          id: string
          name: string
          position: number
          slug: string
          updated_at: string
        }
        Insert: {
          created_at?: string
          description?: string
          id?: string
          name: string
          position?: number
          slug: string
          updated_at?: string
        }
        Update: {
          created_at?: string
          description?: string
          id?: string
          name?: string
          position?: number
          slug?: string
          updated_at?: string
        }
        Relationships: []
      }
      kb_revisions: {
        Row: {
          article_id: number
          body: string
          category_id: string
          created_at: string
          editor_id: string | null
          id: number
          restored_from: number | null
          revision: number
          slug: string
          status: Database["public"]["Enums"]["kb_article_status"]
          tags: string[]
          title: string
          visibility: Database["public"]["Enums"]["kb_visibility"]
        }
        Insert: {
          article_id: number
          body: string
          category_id: string
          created_at?: string
          editor_id?: string | null
          id?: never
          restored_from?: number | null
          revision: number
          slug: string
          status: Database["public"]["Enums"]["kb_article_status"]
          tags: string[]
          title: string
          visibility: Database["public"]["Enums"]["kb_visibility"]
        }
        Update: {
          article_id?: number
          body?: string
          category_id?: string
          created_at?: string
          editor_id?: string | null
          id?: never
          restored_from?: number | null
          revision?: number
          slug?: string
          status?: Database["public"]["Enums"]["kb_article_status"]
          tags?: string[]
          title?: string
          visibility?: Database["public"]["Enums"]["kb_visibility"]
        }
        Relationships: [
          {
            foreignKeyName: "kb_revisions_article_id_fkey"
            columns: ["article_id"]
            isOneToOne: false
            referencedRelation: "kb_articles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "kb_revisions_editor_id_fkey"
            columns: ["editor_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      kb_votes: {
        Row: {
          article_id: number
          created_at: string
          helpful: boolean
          visitor_id: string
        }
        Insert: {
          article_id: number
          created_at?: string
          helpful: boolean
          visitor_id: string
        }
        Update: {
          article_id?: number
          created_at?: string
          helpful?: boolean
          visitor_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "kb_votes_article_id_fkey"
            columns: ["article_id"]
            isOneToOne: false
            referencedRelation: "kb_articles"
            referencedColumns: ["id"]
          },
        ]
      }
      macros: {
        Row: {
          actions: Json
          body: string
          created_at: string
          description: string
          id: string
          is_active: boolean
          message_kind: string
          name: string
          owner_id: string | null
          position: number
          updated_at: string
          usage_count: number
        }
        Insert: {
          actions?: Json
          body?: string
          created_at?: string
          description?: string
          id?: string
          is_active?: boolean
          message_kind?: string
          name: string
          owner_id?: string | null
          position?: number
          updated_at?: string
          usage_count?: number
        }
        Update: {
          actions?: Json
          body?: string
          created_at?: string
          description?: string
          id?: string
          is_active?: boolean
          message_kind?: string
          name?: string
          owner_id?: string | null
          position?: number
          updated_at?: string
          usage_count?: number
        }
        Relationships: [
          {
            foreignKeyName: "macros_owner_id_fkey"
            columns: ["owner_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      notification_preferences: {
        Row: {
          email_agent_reply: boolean
          email_ticket_received: boolean
          email_ticket_solved: boolean
          muted_kinds: Database["public"]["Enums"]["notification_kind"][]
          unsubscribe_token: string
          updated_at: string
          user_id: string
        }
        Insert: {
          email_agent_reply?: boolean
          email_ticket_received?: boolean
          email_ticket_solved?: boolean
          muted_kinds?: Database["public"]["Enums"]["notification_kind"][]
          unsubscribe_token?: string
          updated_at?: string
          user_id: string
        }
        Update: {
          email_agent_reply?: boolean
          email_ticket_received?: boolean
          email_ticket_solved?: boolean
          muted_kinds?: Database["public"]["Enums"]["notification_kind"][]
          unsubscribe_token?: string
          updated_at?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "notification_preferences_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: true
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      notifications: {
        Row: {
          activity_id: number | null
          actor_id: string | null
          body: string
          created_at: string
          id: number
          kind: Database["public"]["Enums"]["notification_kind"]
          read_at: string | null
          recipient_id: string
          ticket_id: number | null
          title: string
        }
        Insert: {
          activity_id?: number | null
          actor_id?: string | null
          body?: string
          created_at?: string
          id?: never
          kind: Database["public"]["Enums"]["notification_kind"]
          read_at?: string | null
          recipient_id: string
          ticket_id?: number | null
          title: string
        }
        Update: {
          activity_id?: number | null
          actor_id?: string | null
          body?: string
          created_at?: string
          id?: never
          kind?: Database["public"]["Enums"]["notification_kind"]
          read_at?: string | null
          recipient_id?: string
          ticket_id?: number | null
          title?: string
        }
        Relationships: [
          {
            foreignKeyName: "notifications_activity_id_fkey"
            columns: ["activity_id"]
            isOneToOne: false
            referencedRelation: "ticket_activities"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "notifications_actor_id_fkey"
            columns: ["actor_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "notifications_recipient_id_fkey"
            columns: ["recipient_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "notifications_ticket_id_fkey"
            columns: ["ticket_id"]
            isOneToOne: false
            referencedRelation: "tickets"
            referencedColumns: ["id"]
          },
        ]
      }
      profiles: {
        Row: {
          avatar_path: string | null
          created_at: string
          deactivated_at: string | null
          email: string
          full_name: string
          id: string
          role: Database["public"]["Enums"]["user_role"]
          team_id: string | null
          updated_at: string
        }
        Insert: {
          avatar_path?: string | null
          created_at?: string
          deactivated_at?: string | null
          email?: string
          full_name?: string
          id: string
          role?: Database["public"]["Enums"]["user_role"]
          team_id?: string | null
          updated_at?: string
        }
        Update: {
          avatar_path?: string | null
          created_at?: string
          deactivated_at?: string | null
          email?: string
          full_name?: string
          id?: string
          role?: Database["public"]["Enums"]["user_role"]
          team_id?: string | null
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "profiles_team_id_fkey"
            columns: ["team_id"]
            isOneToOne: false
            referencedRelation: "teams"
            referencedColumns: ["id"]
          },
        ]
      }
      report_daily: {
        Row: {
          agent_id: string | null
          created: number
          day: string
          first_response_seconds: number
          first_responses: number
          priority: Database["public"]["Enums"]["ticket_priority"]
          rated: number
          rated_good: number
          replies: number
          resolution_seconds: number
          solved: number
          team_id: string | null
          type_id: string | null
        }
        Insert: {
          agent_id?: string | null
          created?: number
          day: string
          first_response_seconds?: number
          first_responses?: number
          priority: Database["public"]["Enums"]["ticket_priority"]
          rated?: number
          rated_good?: number
          replies?: number
          resolution_seconds?: number
          solved?: number
          team_id?: string | null
          type_id?: string | null
        }
        Update: {
          agent_id?: string | null
          created?: number
          day?: string
          first_response_seconds?: number
          first_responses?: number
          priority?: Database["public"]["Enums"]["ticket_priority"]
          rated?: number
          rated_good?: number
          replies?: number
          resolution_seconds?: number
          solved?: number
          team_id?: string | null
          type_id?: string | null
        }
        Relationships: []
      }
      report_durations: {
        Row: {
          agent_id: string | null
          bucket: number
          day: string
          metric: string
          priority: Database["public"]["Enums"]["ticket_priority"]
          team_id: string | null
          tickets: number
          type_id: string | null
        }
        Insert: {
          agent_id?: string | null
          bucket: number
          day: string
          metric: string
          priority: Database["public"]["Enums"]["ticket_priority"]
          team_id?: string | null
          tickets?: number
          type_id?: string | null
        }
        Update: {
          agent_id?: string | null
          bucket?: number
          day?: string
          metric?: string
          priority?: Database["public"]["Enums"]["ticket_priority"]
          team_id?: string | null
          tickets?: number
          type_id?: string | null
        }
        Relationships: []
      }
      report_durations_monthly: {
        Row: {
          agent_id: string | null
          bucket: number
          metric: string
          month: string
          priority: Database["public"]["Enums"]["ticket_priority"]
          team_id: string | null
          tickets: number
          type_id: string | null
        }
        Insert: {
          agent_id?: string | null
          bucket: number
          metric: string
          month: string
          priority: Database["public"]["Enums"]["ticket_priority"]
          team_id?: string | null
          tickets?: number
          type_id?: string | null
        }
        Update: {
          agent_id?: string | null
          bucket?: number
          metric?: string
          month?: string
          priority?: Database["public"]["Enums"]["ticket_priority"]
          team_id?: string | null
          tickets?: number
          type_id?: string | null
        }
        Relationships: []
      }
      report_hourly: {
        Row: {
          created: number
          day: string
          hour: number
          team_id: string | null
        }
        Insert: {
          created?: number
          day: string
          hour: number
          team_id?: string | null
        }
        Update: {
          created?: number
          day?: string
          hour?: number
          team_id?: string | null
        }
        Relationships: []
      }
      report_open: {
        Row: {
          agent_id: string | null
          priority: Database["public"]["Enums"]["ticket_priority"]
          status: Database["public"]["Enums"]["ticket_status"]
          team_id: string | null
          tickets: number
          type_id: string | null
        }
        Insert: {
          agent_id?: string | null
          priority: Database["public"]["Enums"]["ticket_priority"]
          status: Database["public"]["Enums"]["ticket_status"]
          team_id?: string | null
          tickets?: number
          type_id?: string | null
        }
        Update: {
          agent_id?: string | null
          priority?: Database["public"]["Enums"]["ticket_priority"]
          status?: Database["public"]["Enums"]["ticket_status"]
          team_id?: string | null
          tickets?: number
          type_id?: string | null
        }
        Relationships: []
      }
      report_sla: {
        Row: {
          agent_id: string | null
          breached: number
          day: string
          met: number
          policy_id: string
          priority: Database["public"]["Enums"]["ticket_priority"]
          target: string
          team_id: string | null
          type_id: string | null
        }
        Insert: {
          agent_id?: string | null
          breached?: number
          day: string
          met?: number
          policy_id: string
          priority: Database["public"]["Enums"]["ticket_priority"]
          target: string
          team_id?: string | null
          type_id?: string | null
        }
        Update: {
          agent_id?: string | null
          breached?: number
          day?: string
          met?: number
          policy_id?: string
          priority?: Database["public"]["Enums"]["ticket_priority"]
          target?: string
          team_id?: string | null
          type_id?: string | null
        }
        Relationships: []
      }
      sign_in_lockouts: {
        Row: {
          failures: number
          locked_until: string | null
          user_id: string
          window_started_at: string
        }
        Insert: {
          failures: number
          locked_until?: string | null
          user_id: string
          window_started_at: string
        }
        Update: {
          failures?: number
          locked_until?: string | null
          user_id?: string
          window_started_at?: string
        }
        Relationships: []
      }
      sla_policies: {
        Row: {
          calendar_id: string | null
          conditions: Json
          created_at: string
          description: string
          id: string
          is_active: boolean
          name: string
          position: number
          targets: Json
          updated_at: string
        }
        Insert: {
          calendar_id?: string | null
          conditions?: Json
          created_at?: string
          description?: string
          id?: string
          is_active?: boolean
          name: string
          position?: number
          targets: Json
          updated_at?: string
        }
        Update: {
          calendar_id?: string | null
          conditions?: Json
          created_at?: string
          description?: string
          id?: string
          is_active?: boolean
          name?: string
          position?: number
          targets?: Json
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "sla_policies_calendar_id_fkey"
            columns: ["calendar_id"]
            isOneToOne: false
            referencedRelation: "business_calendars"
            referencedColumns: ["id"]
          },
        ]
      }
      tags: {
        Row: { created_at: string; name: string }
        Insert: { created_at?: string; name: string }
        Update: { created_at?: string; name?: string }
        Relationships: []
      }
      team_members: {
        Row: {
          agent_id: string
          capacity: number | null
          created_at: string
          last_routed_at: string | null
          last_routed_turn: number | null
          skills: string[]
          team_id: string
        }
        Insert: {
          agent_id: string
          capacity?: number | null
          created_at?: string
          last_routed_at?: string | null
          last_routed_turn?: number | null
          skills?: string[]
          team_id: string
        }
        Update: {
          agent_id?: string
          capacity?: number | null
          created_at?: string
          last_routed_at?: string | null
          last_routed_turn?: number | null
          skills?: string[]
          team_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "team_members_agent_id_fkey"
            columns: ["agent_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "team_members_team_id_fkey"
            columns: ["team_id"]
            isOneToOne: false
            referencedRelation: "teams"
            referencedColumns: ["id"]
          },
        ]
      }
      teams: {
        Row: {
          created_at: string
          description: string
          id: string
          name: string
          routing_mode: Database["public"]["Enums"]["routing_mode"]
          skills_routing: boolean
          updated_at: string
        }
        Insert: {
          created_at?: string
          description?: string
          id?: string
          name: string
          routing_mode?: Database["public"]["Enums"]["routing_mode"]
          skills_routing?: boolean
          updated_at?: string
        }
        Update: {
          created_at?: string
          description?: string
          id?: string
          name?: string
          routing_mode?: Database["public"]["Enums"]["routing_mode"]
          skills_routing?: boolean
          updated_at?: string
        }
        Relationships: []
      }
      ticket_activities: {
        Row: {
          author_id: string | null
          body: string | null
          created_at: string
          id: number
          is_internal: boolean
          kind: Database["public"]["Enums"]["activity_kind"]
          meta: Json
          ticket_id: number
        }
        Insert: {
          author_id?: string | null
          body?: string | null
          created_at?: string
          id?: never
          is_internal?: boolean
          kind: Database["public"]["Enums"]["activity_kind"]
          meta?: Json
          ticket_id: number
        }
        Update: {
          author_id?: string | null
          body?: string | null
          created_at?: string
          id?: never
          is_internal?: boolean
          kind?: Database["public"]["Enums"]["activity_kind"]
          meta?: Json
          ticket_id?: number
        }
        Relationships: [
          {
            foreignKeyName: "ticket_activities_author_id_fkey"
            columns: ["author_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "ticket_activities_ticket_id_fkey"
            columns: ["ticket_id"]
            isOneToOne: false
            referencedRelation: "tickets"
            referencedColumns: ["id"]
          },
        ]
      }
      ticket_fields: {
        Row: {
          created_at: string
          description: string
          field_type: string
          id: string
          is_active: boolean
          key: string
          label: string
          options: string[]
          position: number
          required_on_solve: boolean
          updated_at: string
        }
        Insert: {
          created_at?: string
          description?: string
          field_type: string
          id?: string
          is_active?: boolean
          key: string
          label: string
          options?: string[]
          position?: number
          required_on_solve?: boolean
          updated_at?: string
        }
        Update: {
          created_at?: string
          description?: string
          field_type?: string
          id?: string
          is_active?: boolean
          key?: string
          label?: string
          options?: string[]
          position?: number
          required_on_solve?: boolean
          updated_at?: string
        }
        Relationships: []
      }
      ticket_links: {
        Row: {
          created_at: string
          created_by: string | null
          id: number
          kind: Database["public"]["Enums"]["ticket_link_kind"]
          source_ticket_id: number
          target_ticket_id: number
        }
        Insert: {
          created_at?: string
          created_by?: string | null
          id?: never
          kind: Database["public"]["Enums"]["ticket_link_kind"]
          source_ticket_id: number
          target_ticket_id: number
        }
        Update: {
          created_at?: string
          created_by?: string | null
          id?: never
          kind?: Database["public"]["Enums"]["ticket_link_kind"]
          source_ticket_id?: number
          target_ticket_id?: number
        }
        Relationships: [
          {
            foreignKeyName: "ticket_links_created_by_fkey"
            columns: ["created_by"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "ticket_links_source_ticket_id_fkey"
            columns: ["source_ticket_id"]
            isOneToOne: false
            referencedRelation: "tickets"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "ticket_links_target_ticket_id_fkey"
            columns: ["target_ticket_id"]
            isOneToOne: false
            referencedRelation: "tickets"
            referencedColumns: ["id"]
          },
        ]
      }
      ticket_types: {
        Row: {
          created_at: string
          description: string
          id: string
          name: string
          position: number
          updated_at: string
        }
        Insert: {
          created_at?: string
          description?: string
          id?: string
          name: string
          position?: number
          updated_at?: string
        }
        Update: {
          created_at?: string
          description?: string
          id?: string
          name?: string
          position?: number
          updated_at?: string
        }
        Relationships: []
      }
      tickets: {
        Row: {
          assignee_id: string | null
          created_at: string
          custom_fields: Json
          customer_id: string
          description: string
          due_at: string | null
          first_response_at: string | null
          first_response_breached_at: string | null
          first_response_due_at: string | null
          fts: unknown
          id: number
          next_response_breached_at: string | null
          next_response_due_at: string | null
          priority: Database["public"]["Enums"]["ticket_priority"]
          resolution_breached_at: string | null
          resolution_due_at: string | null
          satisfaction_comment: string | null
          satisfaction_rating:
            Database["public"]["Enums"]["satisfaction_rating"] | null
          sla_due_at: string | null
          sla_next_breach_at: string | null
          sla_paused_at: string | null
          sla_policy_id: string | null
          sla_targets: Json | null
          sla_warn_at: string | null
          solved_at: string | null
          status: Database["public"]["Enums"]["ticket_status"]
          status_changed_at: string
          subject: string
          tags: string[]
          team_id: string | null
          type_id: string | null
          updated_at: string
          version: number
        }
        Insert: {
          assignee_id?: string | null
          created_at?: string
          custom_fields?: Json
          customer_id?: string
          description: string
          due_at?: string | null
          first_response_at?: string | null
          first_response_breached_at?: string | null
          first_response_due_at?: string | null
          fts?: unknown
          id?: never
          next_response_breached_at?: string | null
          next_response_due_at?: string | null
          priority?: Database["public"]["Enums"]["ticket_priority"]
          resolution_breached_at?: string | null
          resolution_due_at?: string | null
          satisfaction_comment?: string | null
          satisfaction_rating?:
            Database["public"]["Enums"]["satisfaction_rating"] | null
          sla_due_at?: string | null
          sla_next_breach_at?: string | null
          sla_paused_at?: string | null
          sla_policy_id?: string | null
          sla_targets?: Json | null
          sla_warn_at?: string | null
          solved_at?: string | null
          status?: Database["public"]["Enums"]["ticket_status"]
          status_changed_at?: string
          subject: string
          tags?: string[]
          team_id?: string | null
          type_id?: string | null
          updated_at?: string
          version?: number
        }
        Update: {
          assignee_id?: string | null
          created_at?: string
          custom_fields?: Json
          customer_id?: string
          description?: string
          due_at?: string | null
          first_response_at?: string | null
          first_response_breached_at?: string | null
          first_response_due_at?: string | null
          fts?: unknown
          id?: never
          next_response_breached_at?: string | null
          next_response_due_at?: string | null
          priority?: Database["public"]["Enums"]["ticket_priority"]
          resolution_breached_at?: string | null
          resolution_due_at?: string | null
          satisfaction_comment?: string | null
          satisfaction_rating?:
            Database["public"]["Enums"]["satisfaction_rating"] | null
          sla_due_at?: string | null
          sla_next_breach_at?: string | null
          sla_paused_at?: string | null
          sla_policy_id?: string | null
          sla_targets?: Json | null
          sla_warn_at?: string | null
          solved_at?: string | null
          status?: Database["public"]["Enums"]["ticket_status"]
          status_changed_at?: string
          subject?: string
          tags?: string[]
          team_id?: string | null
          type_id?: string | null
          updated_at?: string
          version?: number
        }
        Relationships: [
          {
            foreignKeyName: "tickets_assignee_id_fkey"
            columns: ["assignee_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "tickets_customer_id_fkey"
            columns: ["customer_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "tickets_sla_policy_id_fkey"
            columns: ["sla_policy_id"]
            isOneToOne: false
            referencedRelation: "sla_policies"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "tickets_team_id_fkey"
            columns: ["team_id"]
            isOneToOne: false
            referencedRelation: "teams"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "tickets_type_id_fkey"
            columns: ["type_id"]
            isOneToOne: false
            referencedRelation: "ticket_types"
            referencedColumns: ["id"]
          },
        ]
      }
      views: {
        Row: {
          columns: string[]
          created_at: string
          id: string
          name: string
          owner_id: string
          query: Json
          shared: boolean
          updated_at: string
        }
        Insert: {
          columns?: string[]
          created_at?: string
          id?: string
          name: string
          owner_id?: string
          query?: Json
          shared?: boolean
          updated_at?: string
        }
        Update: {
          columns?: string[]
          created_at?: string
          id?: string
          name?: string
          owner_id?: string
          query?: Json
          shared?: boolean
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "views_owner_id_fkey"
            columns: ["owner_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
    }
    Views: { [_ in never]: never }
    Functions: {
      add_business_minutes: {
        Args: { calendar_id?: string; minutes: number; start: string }
        Returns: string
      }
      admin_clear_sign_in_lockout: {
        Args: { target: string }
        Returns: boolean
      }
      admin_people: {
        Args: {
          page_offset?: number
          page_size?: number
          person?: string
          role_filter?: Database["public"]["Enums"]["user_role"]
          search?: string
          status_filter?: string
          team_filter?: string
        }
        Returns: {
          avatar_path: string
          created_at: string
          deactivated_at: string
          email: string
          full_name: string
          id: string
          invitation_expires_at: string
          invited_at: string
          last_sign_in_at: string
          role: Database["public"]["Enums"]["user_role"]
          status: string
          team_id: string
          team_name: string
          total: number
        }[]
      }
      admin_sign_in_lockouts: {
        Args: never
        Returns: {
          email: string
          failures: number
          full_name: string
          locked_until: string
          user_id: string
        }[]
      }
      agent_ticket_page: {
        Args: { ticket: number; timeline_size: number }
        Returns: Json
      }
      agent_workspace: {
        Args: { builtin_queries: Json; team_query: Json; with_counts: boolean }
        Returns: Json
      }
      apply_macro: {
        Args: { expected_version: number; macro_id: string; ticket_id: number }
        Returns: Json
      }
      automation_rule_runs: {
        Args: never
        Returns: { last_run_at: string; rule_id: string; runs: number }[]
      }
      bulk_update_tickets: {
        Args: { changes: Json; ids?: number[]; query?: Json }
        Returns: Json
      }
      business_minutes_between: {
        Args: { calendar_id?: string; from_at: string; to_at: string }
        Returns: number
      }
      check_delivery: {
        Args: { person: string; ticket: number }
        Returns: Json
      }
      claim_outbox_emails: {
        Args: { batch_size?: number; lease_seconds?: number }
        Returns: {
          activity_id: number | null
          attempts: number
          created_at: string
          data: Json
          id: number
          last_error: string | null
          lease_expires_at: string | null
          message_id: string | null
          next_attempt_at: string
          recipient_id: string | null
          sent_at: string | null
          status: Database["public"]["Enums"]["email_status"]
          template: Database["public"]["Enums"]["email_template"]
          ticket_id: number | null
          to_email: string
          to_name: string
          updated_at: string
        }[]
        SetofOptions: {
          from: "*"
          to: "email_outbox"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      count_tickets: {
        Args: { queries: Json }
        Returns: { count: number; exact: boolean; key: string }[]
      }
      custom_access_token_hook: { Args: { event: Json }; Returns: Json }
      delete_tag: { Args: { tag: string }; Returns: number }
      diagnose_person: { Args: { person: string }; Returns: Json }
      heartbeat: {
        Args: never
        Returns: {
          agent_id: string
          last_seen_at: string | null
          open_tickets: number
          status: Database["public"]["Enums"]["agent_availability"]
        }
        SetofOptions: {
          from: "*"
          to: "agent_status"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      list_tickets: {
        Args: { after?: Json; page_size?: number; query?: Json }
        Returns: {
          assignee_id: string
          assignee_name: string
          created_at: string
          cursor: Json
          customer_id: string
          customer_name: string
          headline: string
          id: number
          priority: Database["public"]["Enums"]["ticket_priority"]
          rank: number
          sla_due_at: string
          sla_paused_at: string
          sla_warn_at: string
          snippet: string
          snippet_kind: string
          status: Database["public"]["Enums"]["ticket_status"]
          subject: string
          tags: string[]
          team_id: string
          team_name: string
          updated_at: string
        }[]
      }
      mark_all_notifications_read: { Args: never; Returns: number }
      merge_tag: { Args: { into_tag: string; tag: string }; Returns: number }
      merge_ticket: {
        Args: { source_id: number; target_id: number }
        Returns: Json
      }
      open_follow_up: {
        Args: { description: string; original_id: number; subject: string }
        Returns: number
      }
      password_verification_attempt_hook: {
        Args: { event: Json }
        Returns: Json
      }
      post_message: {
        Args: {
          attachment_ids?: string[]
          body: string
          kind: Database["public"]["Enums"]["activity_kind"]
          new_status?: Database["public"]["Enums"]["ticket_status"]
          ticket_id: number
        }
        Returns: Json
      }
      preview_macro: {
        Args: { macro_id: string; ticket_id: number }
        Returns: Json
      }
      rate_ticket: {
        Args: {
          comment?: string
          rating: Database["public"]["Enums"]["satisfaction_rating"]
          ticket_id: number
        }
        Returns: {
          assignee_id: string | null
          created_at: string
          custom_fields: Json
          customer_id: string
          description: string
          due_at: string | null
          first_response_at: string | null
          first_response_breached_at: string | null
          first_response_due_at: string | null
          fts: unknown
          id: number
          next_response_breached_at: string | null
          next_response_due_at: string | null
          priority: Database["public"]["Enums"]["ticket_priority"]
          resolution_breached_at: string | null
          resolution_due_at: string | null
          satisfaction_comment: string | null
          satisfaction_rating:
            Database["public"]["Enums"]["satisfaction_rating"] | null
          sla_due_at: string | null
          sla_next_breach_at: string | null
          sla_paused_at: string | null
          sla_policy_id: string | null
          sla_targets: Json | null
          sla_warn_at: string | null
          solved_at: string | null
          status: Database["public"]["Enums"]["ticket_status"]
          status_changed_at: string
          subject: string
          tags: string[]
          team_id: string | null
          type_id: string | null
          updated_at: string
          version: number
        }
        SetofOptions: {
          from: "*"
          to: "tickets"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      record_kb_deflection: { Args: { articles: number[] }; Returns: number }
      record_kb_view: {
        Args: { article: number; visitor?: string }
        Returns: boolean
      }
      related_kb_articles: {
        Args: { article_slug: string; result_limit?: number }
        Returns: { id: number; slug: string; title: string }[]
      }
      rename_tag: { Args: { new_name: string; tag: string }; Returns: number }
      report: {
        Args: {
          agent_id?: string
          from_day: string
          priority?: Database["public"]["Enums"]["ticket_priority"]
          team_id?: string
          to_day: string
          type_id?: string
        }
        Returns: Json
      }
      report_tickets_csv: {
        Args: {
          after_created_at?: string
          after_id?: number
          agent_id?: string
          from_day: string
          page_size?: number
          priority?: Database["public"]["Enums"]["ticket_priority"]
          team_id?: string
          to_day: string
          type_id?: string
          until_created_at?: string
          until_id?: number
        }
        Returns: {
          csv: string
          last_created_at: string
          last_id: number
          rows: number
        }[]
      }
      report_tickets_csv_bounds: {
        Args: {
          after_created_at?: string
          after_id?: number
          agent_id?: string
          from_day: string
          page_size?: number
          pages?: number
          priority?: Database["public"]["Enums"]["ticket_priority"]
          team_id?: string
          to_day: string
          type_id?: string
        }
        Returns: { ends_created_at: string[]; ends_id: number[] }[]
      }
      report_today: {
        Args: {
          agent_id?: string
          priority?: Database["public"]["Enums"]["ticket_priority"]
          team_id?: string
          type_id?: string
        }
        Returns: Json
      }
      restore_kb_revision: {
        Args: { revision_id: number }
        Returns: {
          author_id: string | null
          body: string
          category_id: string
          created_at: string
          document: unknown
          id: number
          published_at: string | null
          slug: string
          status: Database["public"]["Enums"]["kb_article_status"]
          tags: string[]
          title: string
          updated_at: string
          visibility: Database["public"]["Enums"]["kb_visibility"]
        }
        SetofOptions: {
          from: "*"
          to: "kb_articles"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      resubscribe_to_emails: { Args: { token: string }; Returns: boolean }
      run_minute_jobs: { Args: { now?: string; wait?: boolean }; Returns: Json }
      search_kb_articles: {
        Args: {
          in_category?: string
          result_limit?: number
          search: string
          with_status?: Database["public"]["Enums"]["kb_article_status"]
        }
        Returns: {
          category_id: string
          id: number
          rank: number
          slug: string
          snippet: string
          status: Database["public"]["Enums"]["kb_article_status"]
          tags: string[]
          title: string
          title_highlight: string
          updated_at: string
          visibility: Database["public"]["Enums"]["kb_visibility"]
        }[]
      }
      set_availability: {
        Args: {
          agent_id?: string
          status: Database["public"]["Enums"]["agent_availability"]
        }
        Returns: {
          agent_id: string
          last_seen_at: string | null
          open_tickets: number
          status: Database["public"]["Enums"]["agent_availability"]
        }
        SetofOptions: {
          from: "*"
          to: "agent_status"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      set_person_active: {
        Args: { active: boolean; person: string }
        Returns: {
          avatar_path: string | null
          created_at: string
          deactivated_at: string | null
          email: string
          full_name: string
          id: string
          role: Database["public"]["Enums"]["user_role"]
          team_id: string | null
          updated_at: string
        }
        SetofOptions: {
          from: "*"
          to: "profiles"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      settle_outbox_emails: { Args: { results: Json }; Returns: number }
      sign_in_lockout_message: {
        Args: { locked_until: string }
        Returns: string
      }
      suggest_kb_articles: {
        Args: { description?: string; result_limit?: number; subject: string }
        Returns: {
          id: number
          slug: string
          snippet: string
          title: string
          visibility: Database["public"]["Enums"]["kb_visibility"]
        }[]
      }
      tag_usage: {
        Args: never
        Returns: { created_at: string; name: string; tickets: number }[]
      }
      unsubscribe_from_emails: { Args: { token: string }; Returns: boolean }
      user_role: {
        Args: never
        Returns: Database["public"]["Enums"]["user_role"]
      }
      view_as_activities: {
        Args: { person: string; ticket: number }
        Returns: {
          author_id: string | null
          body: string | null
          created_at: string
          id: number
          is_internal: boolean
          kind: Database["public"]["Enums"]["activity_kind"]
          meta: Json
          ticket_id: number
        }[]
        SetofOptions: {
          from: "*"
          to: "ticket_activities"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      view_as_tickets: {
        Args: { max_rows?: number; person: string }
        Returns: {
          assignee_id: string | null
          created_at: string
          custom_fields: Json
          customer_id: string
          description: string
          due_at: string | null
          first_response_at: string | null
          first_response_breached_at: string | null
          first_response_due_at: string | null
          fts: unknown
          id: number
          next_response_breached_at: string | null
          next_response_due_at: string | null
          priority: Database["public"]["Enums"]["ticket_priority"]
          resolution_breached_at: string | null
          resolution_due_at: string | null
          satisfaction_comment: string | null
          satisfaction_rating:
            Database["public"]["Enums"]["satisfaction_rating"] | null
          sla_due_at: string | null
          sla_next_breach_at: string | null
          sla_paused_at: string | null
          sla_policy_id: string | null
          sla_targets: Json | null
          sla_warn_at: string | null
          solved_at: string | null
          status: Database["public"]["Enums"]["ticket_status"]
          status_changed_at: string
          subject: string
          tags: string[]
          team_id: string | null
          type_id: string | null
          updated_at: string
          version: number
        }[]
        SetofOptions: {
          from: "*"
          to: "tickets"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      vote_kb_article: {
        Args: { article: number; helpful: boolean; visitor?: string }
        Returns: string
      }
    }
    Enums: {
      activity_kind:
        | "reply"
        | "note"
        | "status"
        | "assignment"
        | "priority"
        | "tags"
        | "rating"
        | "system"
      agent_availability: "available" | "away" | "offline"
      email_status: "pending" | "sending" | "sent" | "failed" | "cancelled"
      email_template: "ticket_received" | "agent_reply" | "ticket_solved"
      kb_article_status: "draft" | "published" | "archived"
      kb_visibility: "public" | "customers" | "internal"
      notification_kind:
        | "reply"
        | "status"
        | "solved"
        | "assigned"
        | "mention"
        | "rating"
        | "automation"
      routing_mode: "manual" | "round_robin" | "least_loaded"
      satisfaction_rating: "good" | "bad"
      ticket_link_kind: "follow_up" | "merge"
      ticket_priority: "low" | "normal" | "high" | "urgent"
      ticket_status: "open" | "pending" | "on_hold" | "solved" | "closed"
      user_role: "client" | "agent" | "admin"
    }
    CompositeTypes: { [_ in never]: never }
  }
}

type DatabaseWithoutInternals = Omit<Database, "__InternalSupabase">

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] &
        DefaultSchema["Views"])
    ? (DefaultSchema["Tables"] &
        DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
        Row: infer R
      }
      ? R
      : never
    : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    keyof DefaultSchema["Tables"] | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Insert: infer I
      }
      ? I
      : never
    : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    keyof DefaultSchema["Tables"] | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Update: infer U
      }
      ? U
      : never
    : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    keyof DefaultSchema["Enums"] | { schema: keyof DatabaseWithoutInternals },
  EnumName extends (DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never) = never,
> = DefaultSchemaEnumNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
    ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
    : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends (PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never) = never,
> = PublicCompositeTypeNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
    ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
    : never

export const Constants = {
  public: {
    Enums: {
      activity_kind: [
        "reply",
        "note",
        "status",
        "assignment",
        "priority",
        "tags",
        "rating",
        "system",
      ],
      agent_availability: ["available", "away", "offline"],
      email_status: ["pending", "sending", "sent", "failed", "cancelled"],
      email_template: ["ticket_received", "agent_reply", "ticket_solved"],
      kb_article_status: ["draft", "published", "archived"],
      kb_visibility: ["public", "customers", "internal"],
      notification_kind: [
        "reply",
        "status",
        "solved",
        "assigned",
        "mention",
        "rating",
        "automation",
      ],
      routing_mode: ["manual", "round_robin", "least_loaded"],
      satisfaction_rating: ["good", "bad"],
      ticket_link_kind: ["follow_up", "merge"],
      ticket_priority: ["low", "normal", "high", "urgent"],
      ticket_status: ["open", "pending", "on_hold", "solved", "closed"],
      user_role: ["client", "agent", "admin"],
    },
  },
} as const
